"""The one settings module. Everything configurable comes from ``GONGKAI_*`` environment variables.

Modes: ``embedded`` (default — SQLite under the data dir, a generated secret key kept there) and
``production`` (PostgreSQL; refuses to start without a secret key and allowed hosts).
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

from gongkai.portal.writable import write_problem

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent


def env(name: str, default: str | None = None) -> str | None:
    """``GONGKAI_X`` or, for secrets, the contents of the file named by ``GONGKAI_X_FILE``."""
    value = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE")
    if value is None and path:
        try:
            value = Path(path).read_text(encoding="utf-8").strip()
        except OSError as e:
            raise ImproperlyConfigured(f"{name}_FILE={path}: 无法读取（{e.strerror}）") from e
    return default if value is None or value == "" else value


def envbool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: 应为 true 或 false")


def envint(name: str, default: int) -> int:
    return _envnumber(name, default, int, "整数")


def envfloat(name: str, default: float) -> float:
    return _envnumber(name, default, float, "数字")


def _envnumber(name: str, default, kind, what: str):
    value = env(name)
    if value is None:
        return default
    try:
        return kind(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: 应为{what}") from None


def envlist(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if value is None:
        return default
    return [v.strip() for v in value.split(",") if v.strip()]


def envemail(name: str, default: str) -> str:
    """An e-mail address, bare (``gongkai@example.gov.cn``) or with a name
    (``互助县政务公开办 <gongkai@example.gov.cn>``)."""
    value = env(name)
    if value is None:
        return default
    if not re.fullmatch(r"[^@\s<>]+@[^@\s<>.]+(\.[^@\s<>.]+)+", parseaddr(value)[1]):
        raise ImproperlyConfigured(f"{name}={value!r}: 应为电子邮箱地址，如 gongkai@example.gov.cn")
    return value


def database_from_url(url: str) -> dict:
    """``sqlite:///abs/path.sqlite3`` or ``postgres://user:pass@host:port/name?opt=v``."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if parts.netloc:  # sqlite://relative/path
            path = parts.netloc + path
        elif path.startswith("/"):  # sqlite:///relative.db, sqlite:////absolute/path.db
            path = path[1:]
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path or ":memory:",
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        options = dict(parse_qsl(parts.query))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "gongkai",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": envint("GONGKAI_DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(f"GONGKAI_DATABASE_URL: 不支持的数据库地址 {parts.scheme!r}（支持 sqlite:// 与 postgres://）")


MODE = env("GONGKAI_MODE", "embedded")
if MODE not in ("embedded", "production"):
    raise ImproperlyConfigured(f"GONGKAI_MODE={MODE!r}: 应为 embedded 或 production")
PRODUCTION = MODE == "production"

DATA_DIR = Path(env("GONGKAI_DATA_DIR", str(BASE_DIR / "var"))).resolve()
# a data directory that takes no write: refuse to start (else every upload and save fails later)
if DATA_DIR.exists() and (problem := write_problem(DATA_DIR)):
    raise ImproperlyConfigured(f"数据目录 {DATA_DIR} 不可写（{problem}）：上传、备份和数据库写入都会失败。"
                               "请检查目录的权限与挂载方式（GONGKAI_DATA_DIR）。")
if not PRODUCTION:
    (DATA_DIR / "static").mkdir(parents=True, exist_ok=True)

DEBUG = envbool("GONGKAI_DEBUG", False)


#: the generated key's file under the data directory (embedded mode without GONGKAI_SECRET_KEY); None
#: when the key comes from the environment. ``gongkai backup`` carries it, ``gongkai restore`` puts it back.
SECRET_KEY_FILE = None if (env("GONGKAI_SECRET_KEY") or PRODUCTION) else DATA_DIR / "secret_key"


def _secret_key() -> str:
    key = env("GONGKAI_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("生产模式必须设置 GONGKAI_SECRET_KEY 或 GONGKAI_SECRET_KEY_FILE")
    path = SECRET_KEY_FILE
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("GONGKAI_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("生产模式必须设置 GONGKAI_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = envlist("GONGKAI_CSRF_TRUSTED_ORIGINS", [])

DATABASES = {
    "default": database_from_url(
        env("GONGKAI_DATABASE_URL", f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}")
    )
}
if PRODUCTION and DATABASES["default"]["ENGINE"].endswith("sqlite3") and not envbool("GONGKAI_ALLOW_SQLITE", False):
    raise ImproperlyConfigured("生产模式应使用 PostgreSQL（GONGKAI_DATABASE_URL=postgres://…）")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "gongkai.accounts",
    "gongkai.portal",
    "gongkai.documents",
    "gongkai.disclosure",
    "gongkai.catalog",
    "gongkai.appeals",
    "gongkai.feedback",
    "gongkai.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongkai.portal.uploads.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gongkai.portal.middleware.RejectNullCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.portal.middleware.SecurityHeadersMiddleware",
    "gongkai.portal.middleware.DatabaseUnavailableMiddleware",
    "gongkai.portal.ratelimit.ProxyCountMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # admin templates the project rewords ("共4个机关", not "4 机关"): before the apps' folders,
        # since django.contrib.admin comes first among them (inside templates/ to be packaged)
        "DIRS": [PACKAGE_DIR / "portal" / "templates" / "portal" / "admin_overrides"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.portal.context.site",
            ],
            # the two date filters every template uses (prose_date, table_date: gongkai/portal/dates.py)
            "builtins": ["gongkai.portal.templatetags.dates"],
        },
    }
]

# every form label marks a required field (gongkai/portal/forms.py)
FORM_RENDERER = "gongkai.portal.forms.FormRenderer"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/staff/login/"
LOGIN_REDIRECT_URL = "/staff/"
LOGOUT_REDIRECT_URL = "/"

# django-axes: lock a username+address pair after repeated failures
AXES_FAILURE_LIMIT = envint("GONGKAI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("GONGKAI_LOGIN_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Behind nginx (or any reverse proxy), the client's address is in X-Forwarded-For: name how many
# proxies stand in front, so that log-in lockouts and rate limits see the real client. Both read
# it through the project's one client-address function (django-ipware, which axes would use
# otherwise, is not installed: axes then keyed every failure on nginx's address).
TRUSTED_PROXY_COUNT = envint("GONGKAI_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "gongkai.portal.ratelimit.client_ip"
# Feedback submissions (the form, 网站找错, POST /api/v1/feedback) per client address: a burst, then
# so many a minute. Generous because a village office or a school shares one address; only accepted
# submissions count (docs/feedback.md).
FEEDBACK_SUBMIT_BURST = envint("GONGKAI_FEEDBACK_SUBMIT_BURST", 10)
FEEDBACK_SUBMIT_PER_MINUTE = envint("GONGKAI_FEEDBACK_SUBMIT_PER_MINUTE", 2)
if FEEDBACK_SUBMIT_BURST < 1 or FEEDBACK_SUBMIT_PER_MINUTE < 1:
    raise ImproperlyConfigured("GONGKAI_FEEDBACK_SUBMIT_BURST 和 GONGKAI_FEEDBACK_SUBMIT_PER_MINUTE 应为正整数")

# The site's public address, for links in e-mails and letters (https://gk.example.gov.cn). Unset:
# in production https:// and the first allowed host name; embedded, the address `gongkai serve`
# listens on (it passes it to its processes), else http://localhost:8000.
def _default_site_url() -> str:
    named = [h.lstrip(".") for h in ALLOWED_HOSTS if h not in ("*", "testserver") and h.lstrip(".")]
    if PRODUCTION and named:
        return f"https://{named[0]}"
    return "http://localhost:8000"


SITE_URL = (env("GONGKAI_SITE_URL", "") or _default_site_url()).rstrip("/")

SESSION_COOKIE_AGE = envint("GONGKAI_SESSION_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "gongkai.portal.views.csrf_failure"  # the site's own page, not Django's bare 403
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("GONGKAI_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("GONGKAI_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("GONGKAI_HSTS_PRELOAD", True)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
# zh_Hans formats with the site's two date shapes (2026年12月2日 in text, 2026-12-02 in inputs)
FORMAT_MODULE_PATH = ["gongkai.portal.formats"]
USE_I18N = True
# The project's own wording of Django's messages (scripts/compile_messages.py). Listed here, not
# only as an app's locale, because the apps before gongkai.portal (the admin) would win otherwise.
LOCALE_PATHS = [PACKAGE_DIR / "portal" / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("GONGKAI_MEDIA_DIR", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files in any S3-compatible object store (MinIO, Ceph, 阿里云 OSS, 华为云 OBS, AWS …) when a
# bucket is named; needs ``django-storages[s3]``. Files stay private: every download goes through a
# view that checks who may read it, and the store is reached with signed URLs only.
S3_BUCKET = env("GONGKAI_S3_BUCKET")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("GONGKAI_S3_ENDPOINT_URL"),
            "region_name": env("GONGKAI_S3_REGION"),
            "access_key": env("GONGKAI_S3_ACCESS_KEY_ID"),
            "secret_key": env("GONGKAI_S3_SECRET_ACCESS_KEY"),
            "location": env("GONGKAI_S3_PREFIX", ""),
            "addressing_style": env("GONGKAI_S3_ADDRESSING_STYLE", "path"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": envint("GONGKAI_S3_URL_SECONDS", 300),
        },
    }
elif any(k.startswith("GONGKAI_S3_") for k in os.environ):
    raise ImproperlyConfigured("设置了 GONGKAI_S3_* 但没有 GONGKAI_S3_BUCKET（对象存储的桶名）")
WHITENOISE_USE_FINDERS = not PRODUCTION
# the feeds' stylesheet: served as application/octet-stream (with nosniff) a browser will not apply it
WHITENOISE_MIMETYPES = {".xsl": "text/xsl"}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("GONGKAI_MAX_UPLOAD_MB", 20) * 1024 * 1024
# No request body over this is read at all (gongkai.portal.uploads.RequestBodyLimitMiddleware) —
# the embedded server has no nginx in front; deploy/nginx.conf's client_max_body_size matches it.
MAX_REQUEST_MB = envint("GONGKAI_MAX_REQUEST_MB", 35)

TASKS = {
    "default": {
        "BACKEND": env("GONGKAI_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Without SMTP, mail goes to 0600 files under DATA_DIR/mail (gongkai.portal.mailbox), never to the log.
EMAIL_BACKEND = env(
    "GONGKAI_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if env("GONGKAI_SMTP_HOST") else "gongkai.portal.mailbox.PrivateFileBackend",
)
EMAIL_FILE_PATH = env("GONGKAI_MAIL_DIR", str(DATA_DIR / "mail"))
EMAIL_HOST = env("GONGKAI_SMTP_HOST", "localhost")
EMAIL_PORT = envint("GONGKAI_SMTP_PORT", 25)
EMAIL_HOST_USER = env("GONGKAI_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env("GONGKAI_SMTP_PASSWORD", "")
EMAIL_USE_TLS = envbool("GONGKAI_SMTP_TLS", False)


def _mail_domain(url: str) -> str | None:
    """The site's host name when mail can come from it (not localhost, not an IP address)."""
    host = urlsplit(url).hostname or ""
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        return host if "." in host else None


# The sender of every mail. Unset: gongkai@ the site's host name; on localhost or an IP address (the
# demo, a test machine) a stand-in in the documentation domain, since such mail stays in the mail
# folder — a server that sends for real (GONGKAI_SMTP_HOST) must have a real sender.
if env("GONGKAI_FROM_EMAIL") is None and env("GONGKAI_SMTP_HOST") and _mail_domain(SITE_URL) is None:
    raise ImproperlyConfigured("设置了 GONGKAI_SMTP_HOST 时须设置发件地址 GONGKAI_FROM_EMAIL"
                               "（如 gongkai@example.gov.cn）：网站地址没有可用作发件域名的主机名。")
DEFAULT_FROM_EMAIL = envemail("GONGKAI_FROM_EMAIL", f"gongkai@{_mail_domain(SITE_URL) or 'example.gov.cn'}")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

def cache_from_url(url: str | None) -> dict:
    """``redis://host:port/db`` (shared by every process on every machine), ``file:///abs/dir``
    (shared by the processes of one machine) or ``locmem://`` (one process; the default)."""
    if not url or url.startswith("locmem:"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gongkai"}
    parts = urlsplit(url)
    if parts.scheme in ("redis", "rediss", "unix"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                "KEY_PREFIX": "gongkai"}
    if parts.scheme == "file":
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": unquote(parts.path), "OPTIONS": {"MAX_ENTRIES": 20000}}
    raise ImproperlyConfigured(f"GONGKAI_CACHE_URL: 不支持的缓存地址 {parts.scheme!r}（支持 redis://、file:// 与 locmem://）")


CACHE_URL = env("GONGKAI_CACHE_URL")
CACHES = {"default": cache_from_url(CACHE_URL)}
# Anonymous public pages are kept this many seconds (0: off) and dropped at once when anything
# public is published (gongkai.portal.cache). Invalidation must reach every process, so the
# default is on only with a shared cache (GONGKAI_CACHE_URL=redis://… or file://…).
SHARED_CACHE = CACHES["default"]["BACKEND"].rsplit(".", 1)[-1] in ("RedisCache", "FileBasedCache")
# Rate-limit counts (gongkai.portal.ratelimit) must be shared by every web process — gunicorn runs
# two per core, and with a process-local cache each would count on its own, doubling the limits.
# Production without a shared GONGKAI_CACHE_URL keeps them in files under the data directory.
CACHES["ratelimit"] = (dict(CACHES["default"]) if SHARED_CACHE or not PRODUCTION else
                       {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                        "LOCATION": str(DATA_DIR / "ratelimit"), "OPTIONS": {"MAX_ENTRIES": 20000}})
PAGE_CACHE_SECONDS = envint("GONGKAI_PAGE_CACHE_SECONDS", 300 if SHARED_CACHE else 0)
MIDDLEWARE.insert(MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
                  "gongkai.portal.cache.PublicPageCacheMiddleware")

# Queue health (/healthz): a ready task older than this means the workers are not keeping up.
QUEUE_MAX_AGE_SECONDS = envint("GONGKAI_QUEUE_MAX_AGE_SECONDS", 600)

LOG_FORMAT = env("GONGKAI_LOG_FORMAT", "plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"GONGKAI_LOG_FORMAT={LOG_FORMAT!r}: 应为 plain 或 json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "gongkai.portal.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("GONGKAI_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# The site's own name, shown in the header of every page.
SITE_NAME = env("GONGKAI_SITE_NAME", "政府信息公开平台")

# Policy settings where the law is UNCONFIRMED (domain.md §3.6): does the answer period stop while
# the applicant has not yet paid the 信息处理费? Default: paused.
FEE_PAUSES_CLOCK = envbool("GONGKAI_FEE_PAUSES_CLOCK", True)

# The project's own estimate (UNCONFIRMED: no rule fixes it) of the working days a 征求意见书 or a
# 收费通知 takes to reach its addressee, by 送达方式: the third party's 15 and the applicant's 20
# working days run from receipt, so until the receipt is recorded they are shown as provisional,
# counted from the send date plus these days (gongkai.rules.periods.letter_period).
LETTER_DELIVERY_WORKING_DAYS = {
    "in_person": 0,  # 当面: handed over that day
    "electronic": envint("GONGKAI_ELECTRONIC_DELIVERY_DAYS", 1),  # 电子: read by the next working day
    "post": envint("GONGKAI_POST_DELIVERY_DAYS", 3),  # 邮寄
}

# Where the project's shared specification lives (tests compare our definitions with it).
SHARED_DIR = Path(env("GONGKAI_SHARED_DIR", str(BASE_DIR.parent / "shared")))

# 网站自查 (gongkai.reports.inspection): the thresholds of 国办秘函〔2019〕19号《政府网站与政务新媒体
# 检查指标》 as documented in docs/inspection.md. External links are checked only when switched on
# (a HEAD request per link, from the daily job); links to this site and attachments need no network.
# the report checker's OCR of scanned reports (docs/checks.md): gongkai/reports/importers/ocr.py reads
# these variables itself (`gongkai check` runs without these settings); here they are checked at start
REPORTS_OCR_MAX_PAGES = envint("GONGKAI_REPORTS_OCR_MAX_PAGES", 20)
REPORTS_OCR_MAX_PIXELS = envint("GONGKAI_REPORTS_OCR_MAX_PIXELS", 40_000_000)  # a page; decompression bombs
REPORTS_OCR_TIMEOUT = envint("GONGKAI_REPORTS_OCR_TIMEOUT", 180)  # seconds for one file's pages
REPORTS_OCR_MIN_CONFIDENCE = envfloat("GONGKAI_REPORTS_OCR_MIN_CONFIDENCE", 0.5)
REPORTS_OCR_WORKERS = envint("GONGKAI_REPORTS_OCR_WORKERS", 2)  # processes the pages are spread over
# processes a batch of the checker is spread over (gongkai/reports/tasks.py)
REPORTS_CHECK_WORKERS = envint("GONGKAI_REPORTS_CHECK_WORKERS", os.cpu_count() or 1)

INSPECTION_HOME_STALE_DAYS = envint("GONGKAI_INSPECTION_HOME_STALE_DAYS", 14)
INSPECTION_HOME_WARN_DAYS = envint("GONGKAI_INSPECTION_HOME_WARN_DAYS", 3)
INSPECTION_NEWS_STALE_DAYS = envint("GONGKAI_INSPECTION_NEWS_STALE_DAYS", 14)
INSPECTION_NOTICE_STALE_MONTHS = envint("GONGKAI_INSPECTION_NOTICE_STALE_MONTHS", 6)
INSPECTION_COLUMN_VETO = envint("GONGKAI_INSPECTION_COLUMN_VETO", 5)
INSPECTION_UNANSWERED_MONTHS = envint("GONGKAI_INSPECTION_UNANSWERED_MONTHS", 3)
INSPECTION_UNANSWERED_WARN_DAYS = envint("GONGKAI_INSPECTION_UNANSWERED_WARN_DAYS", 14)
INSPECTION_CHECK_EXTERNAL_LINKS = envbool("GONGKAI_INSPECTION_CHECK_EXTERNAL_LINKS", False)
INSPECTION_EXTERNAL_TIMEOUT_SECONDS = envint("GONGKAI_INSPECTION_EXTERNAL_TIMEOUT_SECONDS", 5)
