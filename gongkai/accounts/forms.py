import secrets

from django import forms
from django.contrib.auth.forms import BaseUserCreationForm
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .models import User

#: digits the platform adds to a chosen user name, so that sign-up never tells whether a name exists
LOGIN_SUFFIX_DIGITS = 4


class PublicSignupForm(BaseUserCreationForm):
    """An account for a member of the public (optional: applying needs no account).

    The log-in name is the chosen name plus a hyphen and 4 random digits (``zhangsan-4821``), for
    every sign-up alike: the answer is the same whether the chosen name is taken or not, so sign-up
    cannot be used to find out which user names exist (issue 15 item 13)."""

    username = forms.RegexField(
        label="用户名", max_length=35, regex=r"^[\w.@+-]{3,35}$",
        help_text="3至35个字符，可用字母、数字、汉字和 @ . + - _。注册后系统在后面加上4位数字作为登录名（如 zhangsan-4821）。",
        error_messages={"invalid": "用户名只能包含字母、数字、汉字和 @ . + - _，3至35个字符。"})
    display_name = forms.CharField(label="姓名或名称", max_length=50, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # honeypot: people leave it empty

    class Meta:
        model = User
        fields = ("username", "display_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = "密码"
        self.fields["password1"].help_text = "至少10个字符，不能全是数字，不能与用户名相似，不能是常见密码。"
        self.fields["password2"].label = "确认密码"
        self.fields["password2"].help_text = ""
        self.error_messages["password_mismatch"] = "两次输入的密码不一致。"

    def validate_unique(self):
        """Not the user name: the saved one gets its digits in ``save`` (and a taken name must not be told apart)."""
        try:
            self.instance.validate_unique(exclude=set(self._get_validation_exclusions()) | {"username"})
        except ValidationError as e:
            self._update_errors(e)

    def save(self, commit=True):
        user = super().save(commit=False)
        base = user.username
        for attempt in range(50):
            digits = LOGIN_SUFFIX_DIGITS if attempt < 20 else 8
            user.username = f"{base}-{secrets.randbelow(10 ** digits):0{digits}d}"
            if User.objects.filter(username__iexact=user.username).exists():
                continue
            if not commit:
                return user
            try:
                with transaction.atomic():
                    user.save()
            except IntegrityError:  # taken meanwhile by another sign-up
                continue
            return user
        raise IntegrityError(f"no free log-in name for {base!r}")

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("提交被拒绝。")
        return ""
