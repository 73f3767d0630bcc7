# Every value comes from terraform.tfvars.json, which `wrapper render` writes from wrapper.toml.

variable "service" {
  description = "Service name, the first part of every resource name."
  type        = string
}

variable "stage" {
  description = "Stage name, the second part of every resource name."
  type        = string
}

variable "region" {
  description = "AWS region the stage is deployed to."
  type        = string
}

variable "tags" {
  description = "Tags on every resource (service, stage, managed-by and the project's own)."
  type        = map(string)
}

variable "protected" {
  description = "Protected stage: table deletion protection on, destroy only with --force."
  type        = bool
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps logs."
  type        = number
}

# The tables, functions and secret go to their modules whole: each module's variable declares
# their fields, types and defaults, so they are not restated here (an object typed in both
# places would be two declarations to keep in step).
variable "tables" {
  description = "DynamoDB tables by logical name, each the dynamodb_table module's `table`."
  type        = any
}

variable "functions" {
  description = "Lambda functions by logical name, each the lambda_function module's `function` plus its wiring: environment, tables (logical names), secret, connections and route_response (booleans)."
  type        = any
}

variable "layer" {
  description = "The shared dependency layer (package.layer), or null when every zip carries its dependencies."
  type = object({
    name             = string
    zip_path         = string
    source_code_hash = string
    runtime          = string
    architecture     = string
  })
  default = null
}

variable "routes" {
  description = "WebSocket route key -> logical function name."
  type        = map(string)
}

variable "secret" {
  description = "The stage secret, the secrets module's `secret`."
  type        = any
}

variable "websocket" {
  description = "The WebSocket API's settings."
  type = object({
    name                       = string
    route_selection_expression = string
    throttling_burst_limit     = number
    throttling_rate_limit      = number
    domain_name                = optional(string)
    certificate_arn            = optional(string) # bring your own; null: one is requested below
    hosted_zone_id             = optional(string)
    zone                       = optional(string) # dns.zone: the certificate is validated and the alias made there
    # a $connect route and multiplayer.auth = false: anyone may connect (a signed token is checked by the handler otherwise)
    anonymous_connect = bool
  })
}
