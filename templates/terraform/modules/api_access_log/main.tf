# An API Gateway stage's access log: its CloudWatch log group and the line format requests are
# logged in. The WebSocket and the HTTP API log the fields every request has, plus their own.

variable "api_name" {
  description = "Name of the API; its log group is /aws/apigateway/<api_name>."
  type        = string
}

variable "retention_days" {
  description = "Days CloudWatch keeps the stage's access logs."
  type        = number
}

variable "api_fields" {
  description = "The API's own fields, logged besides those of every request (field name -> $context variable)."
  type        = map(string)
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs may not use the stage key under its default key policy; logs keep CloudWatch's own encryption
  #checkov:skip=CKV_AWS_338:retention is configured per service (service.log_retention_days), 14 days by default
  name              = "/aws/apigateway/${var.api_name}"
  retention_in_days = var.retention_days
}

output "format" {
  description = "The stage's access log format: one JSON object per request."
  value = jsonencode(merge({
    requestId = "$context.requestId"
    routeKey  = "$context.routeKey"
    status    = "$context.status"
    error     = "$context.error.message"
    latency   = "$context.integrationLatency"
    time      = "$context.requestTime"
    sourceIp  = "$context.identity.sourceIp"
  }, var.api_fields))
}

output "arn" {
  description = "ARN of the log group, the stage's access log destination."
  value       = aws_cloudwatch_log_group.this.arn
}

output "name" {
  description = "Name of the log group."
  value       = aws_cloudwatch_log_group.this.name
}
