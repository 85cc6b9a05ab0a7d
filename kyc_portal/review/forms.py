from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from .models import RejectReason


class ApproveForm(forms.Form):
    internal_note = forms.CharField(
        label="Ghi chú nội bộ / Internal note", required=False, widget=forms.Textarea(
            attrs={"rows": 2}), max_length=2000,
    )  # fmt: skip


class RejectForm(forms.Form):
    reason_code = forms.ChoiceField(label="Lý do / Reason", choices=RejectReason.choices)
    internal_note = forms.CharField(
        label="Ghi chú nội bộ / Internal note", required=False,
        widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
    )  # fmt: skip


class ResubmissionForm(forms.Form):
    customer_message = forms.CharField(
        label="Lý do gửi khách hàng / Reason shown to the customer",
        widget=forms.Textarea(attrs={"rows": 2}), max_length=500,
    )  # fmt: skip
    internal_note = forms.CharField(
        label="Ghi chú nội bộ / Internal note", required=False,
        widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
    )  # fmt: skip


def reviewers_queryset():
    """Active staff who may claim applications (directly or through a group)."""
    claim = Q(groups__permissions__codename="claim_application") | Q(
        user_permissions__codename="claim_application"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(claim | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label="Giao cho / Assign to", queryset=reviewers_queryset(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = reviewers_queryset()


class QueueSearchForm(forms.Form):
    text = forms.CharField(label="Số định danh hoặc họ tên / ID number or name", max_length=100)
