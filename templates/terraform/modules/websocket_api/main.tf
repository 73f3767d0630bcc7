# The API Gateway WebSocket API: one route and Lambda proxy integration per configured route,
# route responses for two-way routes, invoke permissions, a stage with access logs and
# throttling, a deployment redone whenever routes change, and an optional custom domain.

variable "api" {
  description = "The WebSocket API's settings ([websocket] in wrapper.toml)."
  type = object({
    name                       = string           # <service>-<stage>-websocket
    route_selection_expression = string           # how API Gateway picks a route from a message, e.g. $request.body.action
    throttling_burst_limit     = number           # stage-wide burst limit (requests)
    throttling_rate_limit      = number           # stage-wide steady rate limit (requests per second)
    anonymous_connect          = bool             # a $connect route whose handler accepts anyone (multiplayer.auth = false); false when it checks a signed token
    domain_name                = optional(string) # custom domain (null: the execute-api domain only)
  })
}

variable "stage" {
  description = "API Gateway stage name (the wrapper stage's name)."
  type        = string
}

variable "routes" {
  description = "Route key -> the function serving it."
  type = map(object({
    function_name  = string
    invoke_arn     = string
    route_response = bool
  }))
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the stage's access logs."
  type        = number
}

variable "certificate_arn" {
  description = "ACM certificate of api.domain_name, in the API's region."
  type        = string
  default     = null
}

data "aws_partition" "current" {}

data "aws_region" "current" {}

variable "hosted_zone_id" {
  description = "Route 53 zone of api.domain_name, where the alias record to the API goes (null: DNS is managed elsewhere)."
  type        = string
  default     = null
}

resource "aws_apigatewayv2_api" "this" {
  name                       = var.api.name
  protocol_type              = "WEBSOCKET"
  route_selection_expression = var.api.route_selection_expression
}

resource "aws_apigatewayv2_integration" "route" {
  for_each           = var.routes
  api_id             = aws_apigatewayv2_api.this.id
  integration_type   = "AWS_PROXY"
  integration_method = "POST"
  integration_uri    = each.value.invoke_arn
}

# Every route but an anonymous $connect. WebSocket APIs authorize at $connect only; there the
# handler checks a signed token when multiplayer.auth = true.
resource "aws_apigatewayv2_route" "route" {
  #checkov:skip=CKV_AWS_309:WebSocket APIs authorize at $connect only, and this resource holds $connect only when its handler checks a signed token (multiplayer.auth = true)
  for_each                            = { for key, route in var.routes : key => route if key != "$connect" || !var.api.anonymous_connect }
  api_id                              = aws_apigatewayv2_api.this.id
  route_key                           = each.key
  authorization_type                  = "NONE"
  target                              = "integrations/${aws_apigatewayv2_integration.route[each.key].id}"
  route_response_selection_expression = each.value.route_response ? "$default" : null
}

# $connect without multiplayer.auth: anyone may connect. Kept apart, without a checkov skip, so
# scanners report an anonymous API (CKV_AWS_309) instead of a skip claiming otherwise.
resource "aws_apigatewayv2_route" "anonymous_connect" {
  count                               = var.api.anonymous_connect ? 1 : 0
  api_id                              = aws_apigatewayv2_api.this.id
  route_key                           = "$connect"
  authorization_type                  = "NONE"
  target                              = "integrations/${aws_apigatewayv2_integration.route["$connect"].id}"
  route_response_selection_expression = var.routes["$connect"].route_response ? "$default" : null
}

locals {
  route_ids = merge(
    { for key, route in aws_apigatewayv2_route.route : key => route.id },
    { for route in aws_apigatewayv2_route.anonymous_connect : "$connect" => route.id },
  )
}

resource "aws_apigatewayv2_route_response" "route" {
  for_each           = { for key, route in var.routes : key => route if route.route_response }
  api_id             = aws_apigatewayv2_api.this.id
  route_id           = local.route_ids[each.key]
  route_response_key = "$default"
}

resource "aws_lambda_permission" "invoke" {
  for_each      = toset(distinct([for route in var.routes : route.function_name]))
  statement_id  = "AllowWebSocketApiInvoke"
  action        = "lambda:InvokeFunction"
  function_name = each.value
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/${var.stage}/*"
}

module "access_log" {
  source         = "../api_access_log"
  api_name       = var.api.name
  retention_days = var.log_retention_days
  api_fields     = { connectionId = "$context.connectionId", eventType = "$context.eventType" }
}

# The log group lived in this module before api_access_log held it: moved, not replaced, so its logs stay.
moved {
  from = aws_cloudwatch_log_group.access
  to   = module.access_log.aws_cloudwatch_log_group.this
}

resource "aws_apigatewayv2_deployment" "this" {
  api_id = aws_apigatewayv2_api.this.id

  # A deployment snapshots routes, integrations and route responses: any change to one of them
  # needs a new deployment, or the stage keeps serving the old snapshot.
  triggers = {
    redeployment = sha1(jsonencode([
      var.api.route_selection_expression,
      aws_apigatewayv2_integration.route,
      aws_apigatewayv2_route.route,
      aws_apigatewayv2_route.anonymous_connect,
      aws_apigatewayv2_route_response.route,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [aws_apigatewayv2_route.route, aws_apigatewayv2_route.anonymous_connect, aws_apigatewayv2_route_response.route]
}

resource "aws_apigatewayv2_stage" "this" {
  #checkov:skip=CKV2_AWS_51:clients are browsers, which cannot present client certificates; players authenticate with signed tokens at $connect
  api_id        = aws_apigatewayv2_api.this.id
  name          = var.stage
  deployment_id = aws_apigatewayv2_deployment.this.id

  default_route_settings {
    throttling_burst_limit = var.api.throttling_burst_limit
    throttling_rate_limit  = var.api.throttling_rate_limit
  }

  access_log_settings {
    destination_arn = module.access_log.arn
    format          = module.access_log.format
  }
}

resource "aws_apigatewayv2_domain_name" "this" {
  count       = var.api.domain_name == null ? 0 : 1
  domain_name = var.api.domain_name

  domain_name_configuration {
    certificate_arn = var.certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
}

resource "aws_apigatewayv2_api_mapping" "this" {
  count       = var.api.domain_name == null ? 0 : 1
  api_id      = aws_apigatewayv2_api.this.id
  domain_name = aws_apigatewayv2_domain_name.this[0].id
  stage       = aws_apigatewayv2_stage.this.id
}

resource "aws_route53_record" "domain" {
  count   = var.api.domain_name != null && var.hosted_zone_id != null ? 1 : 0
  zone_id = var.hosted_zone_id
  name    = var.api.domain_name
  type    = "A"

  alias {
    name                   = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].target_domain_name
    zone_id                = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].hosted_zone_id
    evaluate_target_health = false
  }
}

output "api_id" {
  description = "Id of the WebSocket API."
  value       = aws_apigatewayv2_api.this.id
}

output "api_arn" {
  description = "ARN of the WebSocket API."
  value       = aws_apigatewayv2_api.this.arn
}

output "execution_arn" {
  description = "execute-api ARN of the API, the prefix of Lambda permission and IAM policy ARNs."
  value       = aws_apigatewayv2_api.this.execution_arn
}

output "stage_invoke_url" {
  description = "wss:// URL of the stage on the execute-api domain."
  value       = aws_apigatewayv2_stage.this.invoke_url
}

output "websocket_origin" {
  description = "wss://host of the API (the custom domain when there is one); known before any route or function exists."
  value       = var.api.domain_name == null ? aws_apigatewayv2_api.this.api_endpoint : "wss://${var.api.domain_name}"
}

output "websocket_url" {
  description = "wss:// URL clients connect to: the custom domain when there is one."
  value       = var.api.domain_name == null ? aws_apigatewayv2_stage.this.invoke_url : "wss://${var.api.domain_name}"
}

output "management_endpoint" {
  description = "https:// endpoint of the @connections management API, on the execute-api domain (a custom domain mapped at its root answers 403 there)."
  value       = "https://${aws_apigatewayv2_api.this.id}.execute-api.${data.aws_region.current.region}.${data.aws_partition.current.dns_suffix}/${var.stage}"
}

output "access_log_group" {
  description = "CloudWatch log group of the stage's access logs."
  value       = module.access_log.name
}

output "domain_target" {
  description = "Custom domain only: the regional API Gateway domain name and hosted zone a DNS alias record points at (null without a custom domain)."
  value = var.api.domain_name == null ? null : {
    domain_name    = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].target_domain_name
    hosted_zone_id = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].hosted_zone_id
  }
}

output "connections_arn" {
  description = "What ManageConnections may be granted on: this API stage's @connections (POST, GET, DELETE) only."
  value       = "${aws_apigatewayv2_api.this.execution_arn}/${var.stage}/*/@connections/*"
}
