# The stage's KMS key and Secrets Manager secret. The first version holds the stage's
# generated settings and an empty slot per user secret; values set later with
# `wrapper secrets set` are never overwritten, so they never reach Terraform state.

variable "secret" {
  description = "The stage secret (secret in wrapper.toml), also the name of its KMS alias."
  type = object({
    name                 = string                     # <service>-<stage>-secret
    settings             = map(string)                # generated, non-secret settings of the stage (names of tables, the stage...)
    values               = optional(list(string), []) # names of the user's own secret values; created empty
    recovery_window_days = optional(number, 7)        # days a deleted secret can be restored; 0 deletes it at once (unprotected stages)
  })
}

resource "aws_kms_key" "this" {
  #checkov:skip=CKV2_AWS_64:the default key policy delegates to IAM, so no policy with Resource "*" is written here; the stage's roles name this key alone
  description             = "${var.secret.name}: tables and secret"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  # No custom key policy: AWS's default one lets this account's IAM policies grant use of the key,
  # and the functions' policies name this key alone.
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.secret.name}"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_secretsmanager_secret" "this" {
  #checkov:skip=CKV2_AWS_57:rotation does not apply; the values are signing keys and app settings managed by `wrapper secrets`
  name                    = var.secret.name
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = var.secret.recovery_window_days
}

resource "aws_secretsmanager_secret_version" "initial" {
  secret_id     = aws_secretsmanager_secret.this.id
  secret_string = jsonencode(merge({ for value in var.secret.values : value => "" }, var.secret.settings))

  lifecycle {
    ignore_changes = [secret_string]
  }
}

output "arn" {
  description = "ARN of the secret."
  value       = aws_secretsmanager_secret.this.arn
}

output "name" {
  description = "Name of the secret."
  value       = aws_secretsmanager_secret.this.name
}

output "kms_key_arn" {
  description = "ARN of the stage KMS key."
  value       = aws_kms_key.this.arn
}
