# Every value comes from terraform.tfvars.json, which `wrapper render` writes from wrapper.toml.

variable "service" {
  type = string
}

variable "stage" {
  type = string
}

variable "region" {
  type = string
}

variable "tags" {
  type = map(string)
}

variable "protected" {
  type = bool
}

variable "log_retention_days" {
  type = number
}

variable "tables" {
  type = map(object({
    name                   = string
    hash_key               = string
    range_key              = optional(string)
    attributes             = list(object({ name = string, type = string }))
    ttl_attribute          = optional(string)
    point_in_time_recovery = bool
    indexes = list(object({
      name       = string
      hash_key   = string
      range_key  = optional(string)
      projection = string
    }))
  }))
}

variable "functions" {
  type = map(object({
    name             = string
    handler          = string
    runtime          = string
    architecture     = string
    memory           = number
    timeout          = number
    environment      = map(string)
    zip_path         = string
    source_code_hash = string
    tables           = list(string)
    secret           = bool
    connections      = bool
    # null: the function shares the account's unreserved pool
    reserved_concurrency = optional(number)
    route_response       = bool
  }))
}

variable "routes" {
  description = "WebSocket route key -> logical function name."
  type        = map(string)
}

variable "secret" {
  type = object({
    name                 = string
    values               = list(string)
    recovery_window_days = number
    settings             = map(string)
  })
}

variable "websocket" {
  type = object({
    name                       = string
    route_selection_expression = string
    throttling_burst_limit     = number
    throttling_rate_limit      = number
    domain_name                = optional(string)
    certificate_arn            = optional(string)
    # a $connect route and multiplayer.auth = false: anyone may connect (a signed token is checked by the handler otherwise)
    anonymous_connect = bool
  })
}
