# One DynamoDB table: on-demand by default, TTL, global secondary indexes, point-in-time
# recovery, encryption with the stage's KMS key, deletion protection on protected stages.

variable "table" {
  description = "The table: its name, keys, key attributes, TTL, indexes and backups (tables.<name> in wrapper.toml)."
  type = object({
    name                   = string                                         # <service>-<stage>-<name>
    hash_key               = string                                         # partition key attribute
    range_key              = optional(string)                               # sort key attribute (null: none)
    attributes             = list(object({ name = string, type = string })) # every key attribute of the table and its indexes (S, N or B)
    ttl_attribute          = optional(string)                               # attribute holding the expiry epoch (null: no TTL)
    point_in_time_recovery = optional(bool, true)                           # keep 35 days of point-in-time backups
    indexes = optional(list(object({                                        # global secondary indexes
      name       = string
      hash_key   = string
      range_key  = optional(string)
      projection = string
    })), [])
  })
}

variable "billing_mode" {
  description = "PAY_PER_REQUEST (on demand) or PROVISIONED."
  type        = string
  default     = "PAY_PER_REQUEST"
}

variable "deletion_protection" {
  description = "Refuse DeleteTable (protected stages)."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  description = "Customer managed KMS key the table is encrypted with."
  type        = string
}

resource "aws_dynamodb_table" "this" {
  name                        = var.table.name
  billing_mode                = var.billing_mode
  hash_key                    = var.table.hash_key
  range_key                   = var.table.range_key
  deletion_protection_enabled = var.deletion_protection

  dynamic "attribute" {
    for_each = var.table.attributes
    content {
      name = attribute.value.name
      type = attribute.value.type
    }
  }

  dynamic "ttl" {
    for_each = var.table.ttl_attribute == null ? [] : [var.table.ttl_attribute]
    content {
      attribute_name = ttl.value
      enabled        = true
    }
  }

  dynamic "global_secondary_index" {
    for_each = var.table.indexes
    content {
      name            = global_secondary_index.value.name
      hash_key        = global_secondary_index.value.hash_key
      range_key       = global_secondary_index.value.range_key
      projection_type = global_secondary_index.value.projection
    }
  }

  point_in_time_recovery {
    enabled = var.table.point_in_time_recovery
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }
}

output "name" {
  description = "Name of the table."
  value       = aws_dynamodb_table.this.name
}

output "arn" {
  description = "ARN of the table."
  value       = aws_dynamodb_table.this.arn
}
