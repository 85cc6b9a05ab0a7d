"""The consent text the applicant agrees to. Changing the text means a new version: the
sha256 of the Vietnamese text (the binding one) is stored with every consent."""

import hashlib
from functools import cache

from django.utils import translation
from django.utils.translation import gettext_lazy as _

CONSENT_VERSION = "2026-11-v1"

# Vietnamese is the source language, so these strings are the binding text; the English
# page shows their translation.
CONSENT_PARAGRAPHS = (
    _(
        "Tôi đồng ý để đơn vị xử lý dữ liệu cá nhân của tôi nhằm xác minh danh tính khi mở "
        "tài khoản, theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân."
    ),
    _(
        "Dữ liệu được thu thập: ảnh hai mặt giấy tờ tùy thân (hoặc trang thông tin hộ chiếu), "
        "các thông tin in trên giấy tờ (số giấy tờ, họ tên, ngày sinh, giới tính, quốc tịch, "
        "quê quán, nơi thường trú, ngày cấp, ngày hết hạn) và địa chỉ e-mail của tôi."
    ),
    _(
        "Mục đích: đọc thông tin trên giấy tờ, kiểm tra tính hợp lệ và để nhân viên duyệt hồ "
        "sơ. Ảnh được lưu riêng tư, không chia sẻ cho bên thứ ba và được xóa khi hết thời hạn "
        "lưu trữ theo quy định."
    ),
    _("Tôi có thể rút lại sự đồng ý bất cứ lúc nào; khi đó hồ sơ sẽ không được xử lý tiếp."),
)


@cache
def consent_text() -> str:
    """The binding (Vietnamese) text of CONSENT_VERSION."""
    with translation.override("vi"):
        return "\n\n".join(str(p) for p in CONSENT_PARAGRAPHS)


def consent_text_sha256() -> str:
    return hashlib.sha256(consent_text().encode("utf-8")).hexdigest()
