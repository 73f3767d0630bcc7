# The HTTP API, rendered only when a function declares HTTP routes (functions.<name>.http).
# Its CORS origins are the page's (CloudFront's domain and frontend.domain_name) plus
# http.cors_origins; the page's CSP allows this region's execute-api hosts (see page.tf).

variable "http" {
  description = "The HTTP API: the http_api module's `api` (its type is declared there) and the extra CORS origins, methods, headers and max age (cors_origins, cors_methods, cors_headers, cors_max_age), which go to the module's `cors`."
  type        = any
}

locals {
  # The page's URL is its custom domain when it has one; CloudFront's own name serves it too.
  http_page_origins = var.page == null ? [] : distinct([
    regex("^https://[^/]+", module.page[0].url),
    "https://${module.page[0].distribution_domain}",
  ])
}

module "http_api" {
  source = "./modules/http_api"
  api    = var.http
  functions = {
    for function in distinct(values(var.http.routes)) : function => {
      function_name = module.function[function].function_name
      invoke_arn    = module.function[function].invoke_arn
    }
  }
  cors = {
    allow_origins = distinct(concat(local.http_page_origins, var.http.cors_origins))
    allow_methods = var.http.cors_methods
    allow_headers = var.http.cors_headers
    max_age       = var.http.cors_max_age
  }
  log_retention_days = var.log_retention_days
  jwt_authorizer = var.auth == null ? null : {
    issuer        = module.user_pool[0].issuer
    audience      = [module.user_pool[0].client_id]
    public_routes = var.auth.public_routes
  }
}

output "http_url" {
  description = "https:// base URL of the HTTP API; routes are at its root."
  value       = module.http_api.http_url
}

output "http_api_id" {
  description = "Id of the HTTP API."
  value       = module.http_api.api_id
}

output "http_access_log_group" {
  description = "CloudWatch log group of the HTTP API's access logs."
  value       = module.http_api.access_log_group
}
