"""The AWS endpoints handlers reach offline: the embedded DynamoDB and moto's Secrets Manager, and the proxy that meters them."""
