from django import forms
from django.contrib.auth.forms import UserCreationForm

from .models import User


class PublicSignupForm(UserCreationForm):
    """An account for a member of the public (optional: applying needs no account)."""

    username = forms.RegexField(
        label="用户名", max_length=40, regex=r"^[\w.@+-]{3,40}$",
        help_text="3至40个字符，可用字母、数字、汉字和 @ . + - _。",
        error_messages={"invalid": "用户名只能包含字母、数字、汉字和 @ . + - _，3至40个字符。"})
    display_name = forms.CharField(label="姓名或名称", max_length=50, required=False)
    email = forms.EmailField(label="电子邮箱", required=False,
                             error_messages={"invalid": "请输入有效的电子邮箱地址。"})
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

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("该用户名已被使用。")
        return username

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("提交被拒绝。")
        return ""
