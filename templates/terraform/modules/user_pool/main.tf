# Player accounts: a Cognito user pool, the page's app client (authorization code + PKCE, no
# secret: the page is public code), the hosted sign-in domain and optional groups. Players choose
# a username (what others see) and sign in with it or their verified email.

variable "pool" {
  description = "The user pool's settings ([auth] in wrapper.toml)."
  type = object({
    name               = string                     # <service>-<stage>-users (the app client is <name>-page)
    domain_prefix      = string                     # hosted sign-in domain prefix: https://<prefix>.auth.<region>.amazoncognito.com
    groups             = optional(list(string), []) # delivered in the tokens' cognito:groups claim
    mfa                = optional(string, "off")    # off, or optional (players may add an authenticator app)
    token_minutes      = optional(number, 60)       # lifetime of ID and access tokens
    refresh_token_days = optional(number, 30)       # lifetime of refresh tokens
  })

  validation {
    condition     = contains(["off", "optional"], var.pool.mfa)
    error_message = "mfa must be off or optional."
  }
}

variable "callback_urls" {
  description = "URLs sign-in may return to (the page's own first)."
  type        = list(string)
}

variable "logout_urls" {
  description = "URLs sign-out may return to."
  type        = list(string)
}

variable "deletion_protection" {
  description = "Protected stage: the pool (and every account in it) cannot be deleted until this is turned off."
  type        = bool
}

data "aws_region" "current" {}

resource "aws_cognito_user_pool" "this" {
  name                     = var.pool.name
  alias_attributes         = ["email", "preferred_username"]
  auto_verified_attributes = ["email"]
  deletion_protection      = var.deletion_protection ? "ACTIVE" : "INACTIVE"
  mfa_configuration        = var.pool.mfa == "optional" ? "OPTIONAL" : "OFF"

  dynamic "software_token_mfa_configuration" {
    for_each = var.pool.mfa == "optional" ? [true] : []
    content {
      enabled = true
    }
  }

  username_configuration {
    case_sensitive = false
  }

  password_policy {
    minimum_length                   = 12
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = false
    temporary_password_validity_days = 3
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  schema {
    name                = "email"
    attribute_data_type = "String"
    required            = true
    mutable             = true

    string_attribute_constraints {
      min_length = 3
      max_length = 254
    }
  }
}

resource "aws_cognito_user_pool_client" "page" {
  name                                 = "${var.pool.name}-page"
  user_pool_id                         = aws_cognito_user_pool.this.id
  generate_secret                      = false
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email", "profile"]
  supported_identity_providers         = ["COGNITO"]
  callback_urls                        = var.callback_urls
  logout_urls                          = var.logout_urls
  explicit_auth_flows                  = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors        = "ENABLED"
  enable_token_revocation              = true
  read_attributes                      = ["email", "email_verified", "preferred_username"]
  write_attributes                     = ["email", "preferred_username"]
  access_token_validity                = var.pool.token_minutes
  id_token_validity                    = var.pool.token_minutes
  refresh_token_validity               = var.pool.refresh_token_days

  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "days"
  }
}

resource "aws_cognito_user_pool_domain" "this" {
  domain       = var.pool.domain_prefix
  user_pool_id = aws_cognito_user_pool.this.id
}

resource "aws_cognito_user_group" "this" {
  for_each     = toset(var.pool.groups)
  name         = each.value
  user_pool_id = aws_cognito_user_pool.this.id
}

locals {
  issuer    = "https://${aws_cognito_user_pool.this.endpoint}"
  hosted_ui = "https://${aws_cognito_user_pool_domain.this.domain}.auth.${data.aws_region.current.region}.amazoncognito.com"
}

output "user_pool_id" {
  description = "Id of the user pool."
  value       = aws_cognito_user_pool.this.id
}

output "user_pool_arn" {
  description = "ARN of the user pool."
  value       = aws_cognito_user_pool.this.arn
}

output "client_id" {
  description = "Id of the page's app client (the tokens' aud / client_id)."
  value       = aws_cognito_user_pool_client.page.id
}

output "issuer" {
  description = "The tokens' iss: https://cognito-idp.<region>.amazonaws.com/<pool id>."
  value       = local.issuer
}

output "jwks_url" {
  description = "The pool's public signing keys."
  value       = "${local.issuer}/.well-known/jwks.json"
}

output "hosted_ui" {
  description = "Origin of the hosted sign-in pages (authorize, token, logout endpoints)."
  value       = local.hosted_ui
}

output "sign_in_url" {
  description = "The hosted sign-in page for the page's app client, returning to the page."
  value       = "${local.hosted_ui}/login?client_id=${aws_cognito_user_pool_client.page.id}&response_type=code&scope=openid+email+profile&redirect_uri=${urlencode(try(var.callback_urls[0], ""))}"
}
