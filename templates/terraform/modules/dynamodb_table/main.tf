# One DynamoDB table: on-demand by default, TTL, global secondary indexes, point-in-time
# recovery, encryption with the stage's KMS key, deletion protection on protected stages.

variable "name" {
  description = "Table name, <service>-<stage>-<name>."
  type        = string
}

variable "hash_key" {
  description = "Partition key attribute."
  type        = string
}

variable "range_key" {
  description = "Sort key attribute (null: none)."
  type        = string
  default     = null
}

variable "attributes" {
  description = "Every key attribute of the table and its indexes, with its type (S, N or B)."
  type        = list(object({ name = string, type = string }))
}

variable "ttl_attribute" {
  description = "Attribute holding the expiry epoch (null: no TTL)."
  type        = string
  default     = null
}

variable "indexes" {
  description = "Global secondary indexes."
  type = list(object({
    name       = string
    hash_key   = string
    range_key  = optional(string)
    projection = string
  }))
  default = []
}

variable "billing_mode" {
  description = "PAY_PER_REQUEST (on demand) or PROVISIONED."
  type        = string
  default     = "PAY_PER_REQUEST"
}

variable "point_in_time_recovery" {
  description = "Keep 35 days of point-in-time backups."
  type        = bool
  default     = true
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
  name                        = var.name
  billing_mode                = var.billing_mode
  hash_key                    = var.hash_key
  range_key                   = var.range_key
  deletion_protection_enabled = var.deletion_protection

  dynamic "attribute" {
    for_each = var.attributes
    content {
      name = attribute.value.name
      type = attribute.value.type
    }
  }

  dynamic "ttl" {
    for_each = var.ttl_attribute == null ? [] : [var.ttl_attribute]
    content {
      attribute_name = ttl.value
      enabled        = true
    }
  }

  dynamic "global_secondary_index" {
    for_each = var.indexes
    content {
      name            = global_secondary_index.value.name
      hash_key        = global_secondary_index.value.hash_key
      range_key       = global_secondary_index.value.range_key
      projection_type = global_secondary_index.value.projection
    }
  }

  point_in_time_recovery {
    enabled = var.point_in_time_recovery
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
