# Every value comes from terraform.tfvars.json, which `wrapper render` writes from wrapper.toml.
# The settings a module takes whole (tables, functions, secret, websocket; page, http and auth in
# their own files) are `any` here: the module's variable declares their fields, types, defaults
# and validation once, and Terraform checks them there. Typing them here too would be a second
# declaration to keep in step; the few fields only the root reads are named in the description.

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
  description = "The WebSocket API: the websocket_api module's `api` (its type is declared there) and its custom domain's certificate_arn (bring your own; null: one is requested), hosted_zone_id and zone (dns.zone: the certificate is validated and the alias made there)."
  type        = any
}
