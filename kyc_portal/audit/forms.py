from django import forms


class AuditSearchForm(forms.Form):
    applicant_id = forms.IntegerField(
        label="Mã người nộp / Applicant #", required=False, min_value=1
    )
    application_id = forms.IntegerField(
        label="Mã hồ sơ / Application #", required=False, min_value=1
    )
    id_number = forms.CharField(label="Số định danh / ID number", required=False, max_length=20)
    reviewer = forms.CharField(label="Người thực hiện / Staff user", required=False, max_length=150)
    action = forms.CharField(label="Hành động / Action", required=False, max_length=64)
    date_from = forms.DateField(label="Từ ngày / From", required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    date_to = forms.DateField(label="Đến ngày / To", required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip

    def filters(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}
