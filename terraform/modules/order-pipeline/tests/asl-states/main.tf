# Test helper (no resources): flattens a rendered state machine definition into its states by path, three levels
# deep (the parent, the distributed Map's Express child, the inline Maps inside it), so that assertions can
# quantify over every state. A Map nested deeper is reported in maps_below_depth, and the suite asserts there
# is none, so no state escapes the assertions unseen.

variable "definition" {
  description = "The state machine definition (ASL JSON) as rendered by the module."
  type        = string
}

locals {
  definition = jsondecode(var.definition)
  level1     = { for name, state in local.definition.States : name => state }
  level2 = merge([for parent, state in local.level1 : {
    for name, child in try(state.ItemProcessor.States, {}) : "${parent}/${name}" => child
  }]...)
  level3 = merge([for parent, state in local.level2 : {
    for name, child in try(state.ItemProcessor.States, {}) : "${parent}/${name}" => child
  }]...)
  states = merge(local.level1, local.level2, local.level3)
  tasks  = { for path, state in local.states : path => state if state.Type == "Task" }
}

output "query_language" {
  description = "QueryLanguage of the definition (JSONPath when absent)."
  value       = try(local.definition.QueryLanguage, "JSONPath")
}

output "state_paths" {
  description = "Every state, by path."
  value       = keys(local.states)
}

output "maps_below_depth" {
  description = "Maps whose states this helper does not flatten (nested more than three levels deep)."
  value       = [for path, state in local.level3 : path if can(state.ItemProcessor)]
}

output "task_resources" {
  description = "Resource of every Task, by path."
  value       = { for path, state in local.tasks : path => state.Resource }
}

output "tasks_without_retry" {
  description = "Tasks with no Retry."
  value       = [for path, state in local.tasks : path if length(try(state.Retry, [])) == 0]
}

output "tasks_without_catch" {
  description = "Tasks with no Catch."
  value       = [for path, state in local.tasks : path if length(try(state.Catch, [])) == 0]
}

output "retriers_without_jitter" {
  description = "Retriers that back off without full jitter (path and the errors they retry)."
  value = flatten([for path, state in local.tasks : [
    for retrier in try(state.Retry, []) : "${path}: ${join(",", retrier.ErrorEquals)}" if try(retrier.JitterStrategy, "") != "FULL"
  ]])
}

output "distributed_maps" {
  description = "The distributed Map states: path -> the fields that make one."
  value = {
    for path, state in local.states : path => {
      execution_type      = try(state.ItemProcessor.ProcessorConfig.ExecutionType, null)
      item_reader         = try(state.ItemReader.Resource, null)
      result_writer       = try(state.ResultWriter.Resource, null)
      result_bucket       = try(state.ResultWriter.Parameters.Bucket, null)
      result_prefix       = try(state.ResultWriter.Parameters.Prefix, null)
      max_items_per_batch = try(state.ItemBatcher.MaxItemsPerBatch, null)
      max_input_bytes     = try(state.ItemBatcher.MaxInputBytesPerBatch, null)
      max_concurrency     = try(state.MaxConcurrency, null)
    } if state.Type == "Map" && try(state.ItemProcessor.ProcessorConfig.Mode, "INLINE") == "DISTRIBUTED"
  }
}

output "next_targets_missing" {
  description = "Next and Catch targets that name no state of the same States object (path -> target)."
  value = flatten([for path, state in local.states : [
    for target in concat(try([state.Next], []), [for catcher in try(state.Catch, []) : catcher.Next], [for choice in try(state.Choices, []) : choice.Next], try([state.Default], [])) :
    "${path} -> ${target}" if !contains(keys(local.states), join("/", concat(slice(split("/", path), 0, length(split("/", path)) - 1), [target])))
  ]])
}
