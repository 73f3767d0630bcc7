# Player accounts ([auth] in wrapper.toml): the user pool and the page's app client. Sign-in
# returns to the page's own URL (and the extra ones configured); the functions get the pool's
# issuer, client id and JWKS URL to verify tokens with (stack.tf).

variable "auth" {
  description = "The user pool (null without [auth]): the user_pool module's `pool` (its type is declared there), the extra URLs sign-in and sign-out may return to (callback_urls, logout_urls) and the HTTP routes left public (public_routes)."
  type        = any
  default     = null
}

locals {
  page_urls = module.page[*].url
}

module "user_pool" {
  source              = "./modules/user_pool"
  count               = var.auth == null ? 0 : 1
  pool                = var.auth
  callback_urls       = distinct(concat(local.page_urls, var.auth.callback_urls))
  logout_urls         = distinct(concat(local.page_urls, var.auth.logout_urls))
  deletion_protection = var.protected
}

locals {
  # What the handlers verify sign-in tokens with (wrapper dev sets the same names for its local provider).
  auth_environment = var.auth == null ? {} : {
    AUTH_ISSUER    = module.user_pool[0].issuer
    AUTH_CLIENT_ID = module.user_pool[0].client_id
    AUTH_JWKS_URL  = module.user_pool[0].jwks_url
  }
}

output "user_pool_id" {
  description = "Id of the stage's Cognito user pool (null without [auth])."
  value       = one(module.user_pool[*].user_pool_id)
}

output "user_pool_client_id" {
  description = "Id of the page's app client."
  value       = one(module.user_pool[*].client_id)
}

output "auth_issuer" {
  description = "Issuer (iss) of the players' tokens."
  value       = one(module.user_pool[*].issuer)
}

output "auth_hosted_ui" {
  description = "Origin of the hosted sign-in pages (/oauth2/authorize, /oauth2/token, /logout)."
  value       = one(module.user_pool[*].hosted_ui)
}

output "sign_in_url" {
  description = "The hosted sign-in page, returning to the page."
  value       = one(module.user_pool[*].sign_in_url)
}
