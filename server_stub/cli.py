"""`desk-app portal`: run the central portal service."""

from __future__ import annotations

import argparse
import logging
import logging.config
import sys

from server_stub.seed import SEEDS


def _smtp(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError("dạng HOST:PORT / expected HOST:PORT")
    return host, int(port)


def _workers(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 64:
        raise argparse.ArgumentTypeError("một số từ 1 đến 64 / a number from 1 to 64")
    return int(value)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="desk-app portal",
        description="Chạy Cổng dịch vụ công (portal) trên máy này, để phát triển và chạy "
                    "thử. Tài liệu giao diện (OpenAPI): http://HOST:PORT/openapi.json")
    p.add_argument("--db", default="sqlite:///portal.sqlite3",
                   help="cơ sở dữ liệu (database): sqlite:///TỆP (mặc định) hoặc "
                        "postgresql://USER:PASS@HOST/DB")
    p.add_argument("--host", default="127.0.0.1",
                   help="địa chỉ lắng nghe (mặc định 127.0.0.1: chỉ máy này)")
    p.add_argument("--port", type=int, default=8080, help="cổng TCP lắng nghe (mặc định 8080)")
    p.add_argument("--seed", choices=SEEDS, help="nạp dữ liệu mẫu khi cơ sở dữ liệu còn trống")
    p.add_argument("--smtp", type=_smtp, help="máy chủ thư HOST:PORT để gửi thông báo")
    p.add_argument("--workers", type=_workers, default=1,
                   help="số tiến trình phục vụ (từ 2 trở lên cần PostgreSQL)")
    p.add_argument("--token-ttl", type=int, default=3600, help="thời hạn phiên (giây)")
    p.add_argument("--trusted-proxy", action="append", default=[], metavar="ADDRESS",
                   help="địa chỉ (hoặc mạng) của reverse proxy được tin cậy: chỉ khi đó mới "
                   "lấy địa chỉ máy khách từ X-Forwarded-For; lặp lại nếu có nhiều")
    p.add_argument("--log-file", "--log", dest="log_file",
                   help="ghi nhật ký vào tệp này (không bao giờ ghi mật khẩu, mã phiên)")
    return p


def _logging(log_file: str | None) -> dict:
    handler = ({"class": "logging.FileHandler", "filename": log_file, "encoding": "utf-8",
                "formatter": "plain"} if log_file else
               {"class": "logging.StreamHandler", "formatter": "plain"})
    return {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
        "handlers": {"main": handler},
        "loggers": {name: {"handlers": ["main"], "level": "INFO", "propagate": False}
                    for name in ("server_stub", "uvicorn", "uvicorn.error", "uvicorn.access")},
    }


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    import uvicorn

    from server_stub.app import create_app

    config = _logging(args.log_file)
    logging.config.dictConfig(config)
    if args.workers > 1:
        from server_stub.asgi import serve

        return serve(args.db, args.workers, args.host, args.port, config, seed=args.seed,
                     smtp=args.smtp, token_ttl=args.token_ttl,
                     trusted_proxies=getattr(args, "trusted_proxy", None))
    try:
        app = create_app(args.db, seed=args.seed, smtp=args.smtp, token_ttl=args.token_ttl,
                         trusted_proxies=args.trusted_proxy)
    except Exception as exc:  # a bad URL or an unreachable database: say so, no traceback
        print(f"Không khởi động được Cổng / cannot start the portal: {exc}", file=sys.stderr)
        return 1
    # proxy_headers off: uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1;
    # the portal trusts only --trusted-proxy (server_stub.auth.client_address).
    uvicorn.run(app, host=args.host, port=args.port, log_config=config, proxy_headers=False)
    return 0
