"""gongkai 公开 — an open-source 政府信息公开平台."""

__version__ = "0.1.0"
