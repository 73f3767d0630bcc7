"""API Gateway's WebSocket API: handshake, routing, events, limits, the @connections management API.

Imports ``lambda_runtime`` (it invokes handlers) and ``metrics``; nothing here imports ``aws`` or the dev server.
"""
