"""gongkai serve — migrate, load the demo on first run, start the worker and the web server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from gongkai.cli import CommandError

#: gunicorn's logger class: the access log never shows a query code (``portal/accesslog.py``)
ACCESS_LOGGER = "gongkai.portal.accesslog.AccessLogger"


def local_site_url(host: str, port: int) -> str:
    """The address mail links use when ``GONGKAI_SITE_URL`` is not set: where this server listens."""
    host = "localhost" if host in ("", "0.0.0.0", "::") else host
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


def _die_with_parent():  # pragma: no cover - runs in the child
    """Linux: the child gets SIGTERM when `gongkai serve` dies, however it dies."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


HELP = "启动平台：迁移数据库、首次运行时载入演示数据，启动网站和后台任务进程。"


def add_arguments(parser):
    parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    parser.add_argument("--no-demo", action="store_true", help="不载入演示数据")
    parser.add_argument("--demo", action="store_true",
                        help="生产模式下也在首次运行时载入演示数据（演示账号的密码是公开的，仅用于试用环境）")
    parser.add_argument("--no-worker", action="store_true", help="不启动后台任务进程")
    parser.add_argument("--workers", type=int, default=None,
                        help="网站进程数（嵌入模式默认 1，生产模式默认 2）")


DEMO_IN_PRODUCTION_WARNING = ("警告：生产模式下载入了演示数据，演示账号的密码是公开的（README），"
                              "任何人都能登录。仅用于试用环境；正式使用前请清空数据库。")
NO_DEMO_IN_PRODUCTION = ("生产模式：首次运行，未载入演示数据（演示账号的密码是公开的）。"
                         "请用 gongkai manage createsuperuser 创建管理员账号。")


def demo_on_start(args, *, first_run: bool, production: bool) -> tuple[bool, str | None]:
    """Whether ``serve`` loads the demo, and what it says: on the first run of an embedded
    instance, unless ``--no-demo``; in production never, unless ``--demo`` (with a warning),
    because the demo accounts' password is published."""
    if not first_run or args.no_demo:
        return False, None
    if production:
        return (True, DEMO_IN_PRODUCTION_WARNING) if args.demo else (False, NO_DEMO_IN_PRODUCTION)
    return True, None


def run(args):
    if not (0 < args.port < 65536):
        raise CommandError(f"端口 {args.port} 无效。")
    from gongkai.cli import setup_django

    if not os.environ.get("GONGKAI_SITE_URL") and os.environ.get("GONGKAI_MODE", "embedded") != "production":
        os.environ["GONGKAI_SITE_URL"] = local_site_url(args.host, args.port)  # links in mail: this server
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from gongkai.accounts.models import Agency

    call_command("migrate", interactive=False, verbosity=0)
    first_run = not Agency.objects.exists()
    load_demo, message = demo_on_start(args, first_run=first_run, production=settings.PRODUCTION)
    if message:
        print(message, file=sys.stderr)
    if load_demo:
        from gongkai.demo import load, print_logins

        load()
        print("首次运行：已载入演示数据。")
        print_logins()
    elif not args.no_demo and not settings.PRODUCTION:
        from gongkai.demo import print_logins

        print_logins()
    if settings.PRODUCTION:
        call_command("collectstatic", interactive=False, verbosity=0)
    if not args.no_worker:
        from gongkai.portal.tasks import ensure_scheduled

        ensure_scheduled()  # the daily reminders and notices

    env = dict(os.environ, DJANGO_SETTINGS_MODULE="gongkai.settings")
    children: list[subprocess.Popen] = []
    if not args.no_worker:
        children.append(subprocess.Popen([sys.executable, "-m", "gongkai", "manage", "db_worker"], env=env,
                                         preexec_fn=_die_with_parent))
    workers = args.workers or (2 if settings.PRODUCTION else 1)
    web = subprocess.Popen([
        sys.executable, "-m", "gunicorn", "gongkai.wsgi:application",
        "--bind", f"{args.host}:{args.port}", "--workers", str(workers), "--threads", "4",
        "--access-logfile", "-", "--graceful-timeout", "10",
        "--logger-class", ACCESS_LOGGER,  # no query code in the access log
    ], env=env, preexec_fn=_die_with_parent)
    children.append(web)
    print(f"gongkai 已启动：http://{args.host}:{args.port}/  （工作台 /staff/，接口 /api/v1/，按 Ctrl+C 停止）",
          flush=True)

    def stop(*_):
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(0)))
    signal.signal(signal.SIGHUP, lambda *a: (stop(), sys.exit(0)))
    try:
        return web.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
