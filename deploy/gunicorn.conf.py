"""gunicorn settings for gongkai web processes: ``gunicorn -c /etc/gongkai/gunicorn.conf.py gongkai.wsgi``.

Web processes are stateless: run this on any number of machines behind nginx.
"""

import json
import multiprocessing
import os

bind = os.environ.get("GONGKAI_BIND", "127.0.0.1:8000")
# 2 per core is a good start; pages are short, database-bound requests
workers = int(os.environ.get("GONGKAI_WEB_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "sync"
timeout = 60            # report exports (PDF) can take a few seconds; nothing should take a minute
graceful_timeout = 20
keepalive = 5           # nginx keeps upstream connections open
max_requests = 5000     # recycle workers now and then
max_requests_jitter = 500
forwarded_allow_ips = os.environ.get("GONGKAI_PROXY_IPS", "127.0.0.1")
accesslog = "-"
# replaces any ?query_code= value (old API clients) before the line is written
logger_class = "gongkai.portal.accesslog.AccessLogger"
errorlog = "-"
# one JSON object a line, like the application's own logs (GONGKAI_LOG_FORMAT=json)
access_log_format = json.dumps({
    "time": "%(t)s", "logger": "gunicorn.access", "remote": "%({x-real-ip}i)s", "method": "%(m)s",
    "path": "%(U)s", "query": "%(q)s", "status": "%(s)s", "bytes": "%(B)s", "duration_us": "%(D)s",
    "referer": "%(f)s", "agent": "%(a)s", "cache": "%({x-gongkai-cache}o)s",
}, ensure_ascii=False)
