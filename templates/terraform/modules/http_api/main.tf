# The API Gateway HTTP API (payload format 2.0): one Lambda proxy integration per function,
# the routes the functions declare, CORS for the page's origins, and the $default stage
# (auto-deployed, throttled, with access logs). Each function may be invoked only by its own
# routes: one Lambda permission per route, scoped to that route's method and path.

variable "api" {
  description = "The HTTP API ([http] in wrapper.toml and the functions' http routes)."
  type = object({
    name                   = string      # <service>-<stage>-http
    routes                 = map(string) # route key ("GET /rooms/{id}", "$default") -> logical function name (a key of functions)
    throttling_burst_limit = number      # default route burst limit of the stage (requests at once)
    throttling_rate_limit  = number      # default route steady rate limit of the stage (requests per second)
  })
}

variable "functions" {
  description = "Functions serving routes, by logical name: the Lambda function name and its invoke ARN."
  type = map(object({
    function_name = string
    invoke_arn    = string
  }))
}

variable "cors" {
  description = "The API's CORS configuration: allowed origins, methods and request headers, and how long a preflight's answer may be cached."
  type = object({
    allow_origins = list(string) # the page's and the configured extra ones
    allow_methods = list(string) # those the routes use ("*" when a route takes ANY)
    allow_headers = list(string) # the page sends authorization and content-type
    max_age       = number       # seconds
  })
}

variable "jwt_authorizer" {
  description = "The user pool's issuer and app client(s), and the route keys left public (null without [auth]: every route public)."
  type = object({
    issuer        = string
    audience      = list(string)
    public_routes = list(string)
  })
  default = null
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the stage's access logs."
  type        = number
}

locals {
  # execute-api ARNs name a route as <stage>/<METHOD>/<path>; ANY is "*", $default is "$default".
  route_arn_suffix = {
    for key, function in var.api.routes : key => key == "$default" ? "*/$default" : format(
      "*/%s%s",
      split(" ", key)[0] == "ANY" ? "*" : split(" ", key)[0],
      split(" ", key)[1],
    )
  }
}

resource "aws_apigatewayv2_api" "this" {
  name          = var.api.name
  protocol_type = "HTTP"

  cors_configuration {
    allow_origins = var.cors.allow_origins
    allow_methods = var.cors.allow_methods
    allow_headers = var.cors.allow_headers
    max_age       = var.cors.max_age
  }
}

resource "aws_apigatewayv2_integration" "function" {
  for_each               = var.functions
  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = each.value.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 30000 # HTTP APIs' maximum; then clients get 503 Service Unavailable
}

# With [auth], API Gateway checks the player's token (signature against the pool's JWKS, issuer,
# audience = the page's app client, expiry) before a route's function runs: 401 otherwise.
resource "aws_apigatewayv2_authorizer" "jwt" {
  count            = var.jwt_authorizer == null ? 0 : 1
  api_id           = aws_apigatewayv2_api.this.id
  name             = "${var.api.name}-users"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = var.jwt_authorizer.issuer
    audience = var.jwt_authorizer.audience
  }
}

locals {
  public_routes = var.jwt_authorizer == null ? keys(var.api.routes) : var.jwt_authorizer.public_routes
}

# Routes without an authorizer are public: the functions that declare them decide per request.
# No checkov skip: scanners report each public route (CKV_AWS_309) rather than a skip hiding it.
resource "aws_apigatewayv2_route" "route" {
  for_each           = { for key, function in var.api.routes : key => function if contains(local.public_routes, key) }
  api_id             = aws_apigatewayv2_api.this.id
  route_key          = each.key
  authorization_type = "NONE"
  target             = "integrations/${aws_apigatewayv2_integration.function[each.value].id}"
}

# The signed-in players' routes: the JWT authorizer answers 401 before the function runs.
resource "aws_apigatewayv2_route" "signed_in" {
  for_each           = { for key, function in var.api.routes : key => function if !contains(local.public_routes, key) }
  api_id             = aws_apigatewayv2_api.this.id
  route_key          = each.key
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.jwt[0].id
  target             = "integrations/${aws_apigatewayv2_integration.function[each.value].id}"
}

resource "aws_lambda_permission" "route" {
  for_each      = var.api.routes
  statement_id  = "AllowHttpApiRoute-${substr(sha1(each.key), 0, 16)}"
  action        = "lambda:InvokeFunction"
  function_name = var.functions[each.value].function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/${local.route_arn_suffix[each.key]}"
}

module "access_log" {
  source         = "../api_access_log"
  api_name       = var.api.name
  retention_days = var.log_retention_days
  api_fields     = { userAgent = "$context.identity.userAgent" }
}

# The log group lived in this module before api_access_log held it: moved, not replaced, so its logs stay.
moved {
  from = aws_cloudwatch_log_group.access
  to   = module.access_log.aws_cloudwatch_log_group.this
}

resource "aws_apigatewayv2_stage" "this" {
  #checkov:skip=CKV2_AWS_51:clients are browsers, which cannot present client certificates; routes authenticate with bearer tokens
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit = var.api.throttling_burst_limit
    throttling_rate_limit  = var.api.throttling_rate_limit
  }

  access_log_settings {
    destination_arn = module.access_log.arn
    format          = module.access_log.format
  }

  depends_on = [aws_apigatewayv2_route.route, aws_apigatewayv2_route.signed_in]
}

output "api_id" {
  description = "Id of the HTTP API."
  value       = aws_apigatewayv2_api.this.id
}

output "execution_arn" {
  description = "execute-api ARN of the HTTP API, the prefix of its Lambda permissions' source ARNs."
  value       = aws_apigatewayv2_api.this.execution_arn
}

output "http_url" {
  description = "https:// base URL of the API (the $default stage: routes are at its root)."
  value       = aws_apigatewayv2_api.this.api_endpoint
}

output "access_log_group" {
  description = "CloudWatch log group of the stage's access logs."
  value       = module.access_log.name
}
