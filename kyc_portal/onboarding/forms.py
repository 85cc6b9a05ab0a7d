from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from .models import DocumentType


class SignUpForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=150)
    password = forms.CharField(
        label=_("Mật khẩu"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password_again = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("Hai mật khẩu không khớp."))
        elif data.get("password"):
            try:
                validate_password(data["password"])
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class SignInForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=150)
    password = forms.CharField(
        label=_("Mật khẩu"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ResumeLinkForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=150)


class ConsentForm(forms.Form):
    agree = forms.BooleanField(label=_("Tôi đã đọc và đồng ý"), required=True)


class DocumentChoiceForm(forms.Form):
    declared_type = forms.ChoiceField(
        label=_("Loại giấy tờ"), choices=DocumentType.choices, widget=forms.RadioSelect
    )


class CaptureForm(forms.Form):
    image = forms.FileField(label=_("Ảnh giấy tờ"))
