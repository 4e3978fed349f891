"""The province's central portal as a runnable service, for development and tests.

Public API (kept stable for sync/, ui/ and the tests):
- `server_stub.app.create_app(db_url, *, seed=None, smtp=None, token_ttl=3600, clock=None,
  max_blob=50 MiB) -> FastAPI`
- `server_stub.testing.run_portal(db_url=None, seed="demo", **create_app_kw)`: a context
  manager yielding a running portal with `.base_url`, `.api_url`, `.port`, `.app`,
  `.stop()`, `.start()`.
- `server_stub.seed.DEMO_PASSWORD`, `server_stub.seed.DEMO_OFFICERS`.
- `desk-app portal --db URL --host H --port N [--seed demo|minimal] [--smtp H:P]
  [--log-file F]` (`server_stub.cli.main`).
The wire protocol is `desk_app.protocol`; /openapi.json describes every route.
"""
