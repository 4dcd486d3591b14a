// grammar/plan.schema.json, compiled in: `Plan.read` checks every plan against it, so the file and
// the reader cannot disagree. The text is the file's, byte for byte; PlanSchemaTests fails when they
// differ, and BATCHSPEC_UPDATE_GOLDEN=1 rewrites this file from the schema.

package import BatchSpecCore

/// The plan format's JSON Schema.
package enum PlanSchema {
  /// grammar/plan.schema.json as written.
  package static let text = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "urn:batchspec:plan:1",
      "title": "batchspec execution plan, version 1",
      "description": "What `batchspec compile` writes and `batchspec run` reads: every pool and job of a project with params, sweeps and references resolved. Durations are milliseconds.",
      "type": "object",
      "required": ["version", "accounts", "pools", "jobs"],
      "additionalProperties": false,
      "properties": {
        "version": { "type": "integer", "const": 1 },
        "accounts": { "type": "array", "items": { "$ref": "#/$defs/account" } },
        "pools": { "type": "array", "items": { "$ref": "#/$defs/pool" } },
        "jobs": { "type": "array", "items": { "$ref": "#/$defs/job" } },
        "schedules": { "type": "array", "items": { "$ref": "#/$defs/schedule" } }
      },
      "$defs": {
        "id": { "type": "string", "minLength": 1 },
        "milliseconds": { "type": "integer", "minimum": 0 },
        "stringMap": { "type": "object", "additionalProperties": { "type": "string" } },
        "environment": {
          "type": "object",
          "propertyNames": {
            "pattern": "^[^=]+$",
            "description": "environment variable names are not empty and have no `=`"
          },
          "additionalProperties": { "type": "string" }
        },
        "account": {
          "type": "object",
          "required": ["name", "location"],
          "additionalProperties": false,
          "properties": { "name": { "$ref": "#/$defs/id" }, "location": { "type": "string" } }
        },
        "pool": {
          "type": "object",
          "required": [
            "id", "vmSize", "nodeAgent", "dedicatedNodes", "spotNodes", "nodeCount", "taskSlotsPerNode", "nodeFill",
            "interNodeCommunication", "users", "applications", "metadata"
          ],
          "additionalProperties": false,
          "properties": {
            "id": { "$ref": "#/$defs/id" },
            "account": { "type": "string" },
            "displayName": { "type": "string" },
            "vmSize": { "type": "string" },
            "image": { "type": "string" },
            "customImage": { "type": "string" },
            "nodeAgent": { "type": "string" },
            "dedicatedNodes": { "type": "integer", "minimum": 0 },
            "spotNodes": { "type": "integer", "minimum": 0 },
            "nodeCount": { "type": "integer", "minimum": 0 },
            "autoscale": {
              "type": "object",
              "required": ["formula", "intervalMs"],
              "additionalProperties": false,
              "properties": { "formula": { "type": "string" }, "intervalMs": { "$ref": "#/$defs/milliseconds" } }
            },
            "taskSlotsPerNode": { "type": "integer", "minimum": 1 },
            "nodeFill": { "enum": ["spread", "pack"] },
            "interNodeCommunication": { "type": "boolean" },
            "startTask": { "$ref": "#/$defs/startTask" },
            "users": {
              "type": "array",
              "items": {
                "type": "object",
                "required": ["name", "elevation"],
                "additionalProperties": false,
                "properties": { "name": { "type": "string" }, "elevation": { "enum": ["nonadmin", "admin"] } }
              }
            },
            "applications": { "type": "array", "items": { "$ref": "#/$defs/application" } },
            "metadata": { "$ref": "#/$defs/stringMap" },
            "containers": {
              "type": "object",
              "required": ["type", "images"],
              "additionalProperties": false,
              "properties": {
                "type": { "enum": ["docker_compatible", "cri_compatible"] },
                "images": { "type": "array", "items": { "type": "string" } }
              }
            },
            "mounts": { "type": "array", "items": { "$ref": "#/$defs/mount" } },
            "identities": { "type": "array", "items": { "type": "string" } }
          }
        },
        "mount": {
          "type": "object",
          "required": ["kind", "path"],
          "additionalProperties": false,
          "properties": {
            "kind": { "enum": ["blobfuse", "nfs", "cifs", "azure_files"] },
            "path": { "type": "string", "minLength": 1 },
            "storageAccount": { "type": "string" },
            "container": { "type": "string" },
            "source": { "type": "string" }
          },
          "allOf": [
            {
              "if": { "properties": { "kind": { "const": "blobfuse" } } },
              "then": { "required": ["storageAccount", "container"] }
            }
          ]
        },
        "container": {
          "type": "object",
          "required": ["image", "workingDirectory"],
          "additionalProperties": false,
          "properties": {
            "image": { "type": "string", "minLength": 1 },
            "runOptions": { "type": "string" },
            "workingDirectory": { "enum": ["task_working_directory", "container_image_default"] },
            "bindMounts": {
              "type": "array",
              "description": "left out: the whole node root directory is bound; empty: nothing is",
              "items": {
                "type": "object",
                "required": ["source", "readOnly"],
                "additionalProperties": false,
                "properties": {
                  "source": { "enum": ["shared", "startup", "task", "applications", "vfs_mounts", "job_prep"] },
                  "readOnly": { "type": "boolean" }
                }
              }
            },
            "registry": { "type": "string" }
          }
        },
        "application": {
          "type": "object",
          "required": ["id"],
          "additionalProperties": false,
          "properties": { "id": { "$ref": "#/$defs/id" }, "version": { "type": "string" } }
        },
        "userIdentity": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "userName": { "type": "string" },
            "scope": { "enum": ["pool", "task"] },
            "elevation": { "enum": ["nonadmin", "admin"] }
          }
        },
        "constraints": {
          "type": "object",
          "required": ["maxTaskRetryCount"],
          "additionalProperties": false,
          "properties": {
            "maxWallClockMs": { "$ref": "#/$defs/milliseconds" },
            "retentionMs": { "$ref": "#/$defs/milliseconds" },
            "maxTaskRetryCount": { "type": "integer", "minimum": -1 }
          }
        },
        "input": {
          "type": "object",
          "required": ["path", "source"],
          "additionalProperties": false,
          "properties": {
            "path": { "type": "string", "minLength": 1 },
            "source": { "enum": ["blob", "container", "url", "containerUrl"] },
            "storageAccount": { "type": "string" },
            "container": { "type": "string" },
            "blob": { "type": "string" },
            "prefix": { "type": "string" },
            "url": { "type": "string" },
            "fileMode": {
              "type": "string",
              "pattern": "^[0-7]{3,4}$",
              "description": "a Linux file mode in octal, such as `0755`"
            }
          },
          "allOf": [
            {
              "if": { "properties": { "source": { "const": "blob" } } },
              "then": { "required": ["storageAccount", "container", "blob"] }
            },
            {
              "if": { "properties": { "source": { "const": "container" } } },
              "then": { "required": ["storageAccount", "container"] }
            },
            { "if": { "properties": { "source": { "const": "url" } } }, "then": { "required": ["url"] } },
            { "if": { "properties": { "source": { "const": "containerUrl" } } }, "then": { "required": ["url"] } }
          ]
        },
        "output": {
          "type": "object",
          "required": ["pattern", "storageAccount", "container", "uploadCondition"],
          "additionalProperties": false,
          "properties": {
            "pattern": { "type": "string", "minLength": 1 },
            "storageAccount": { "type": "string" },
            "container": { "type": "string" },
            "path": { "type": "string" },
            "uploadCondition": { "enum": ["success", "failure", "completion"] }
          }
        },
        "exitCondition": {
          "type": "object",
          "required": ["jobAction", "dependencyAction"],
          "additionalProperties": false,
          "properties": {
            "codes": { "type": "array", "items": { "type": "integer" } },
            "range": {
              "type": "object",
              "required": ["start", "end"],
              "additionalProperties": false,
              "properties": { "start": { "type": "integer" }, "end": { "type": "integer" } }
            },
            "error": { "enum": ["pre_processing", "file_upload"] },
            "jobAction": { "enum": ["none", "disable", "terminate"] },
            "dependencyAction": { "enum": ["satisfy", "block"] }
          }
        },
        "startTask": {
          "type": "object",
          "required": ["commandLine", "environment", "inputs", "userIdentity", "waitForSuccess", "maxTaskRetryCount"],
          "additionalProperties": false,
          "properties": {
            "commandLine": { "type": "string", "minLength": 1 },
            "environment": { "$ref": "#/$defs/environment" },
            "inputs": { "type": "array", "items": { "$ref": "#/$defs/input" } },
            "userIdentity": { "$ref": "#/$defs/userIdentity" },
            "waitForSuccess": { "type": "boolean" },
            "maxTaskRetryCount": { "type": "integer", "minimum": -1 },
            "container": { "$ref": "#/$defs/container" }
          }
        },
        "preparationTask": {
          "type": "object",
          "required": [
            "commandLine", "environment", "inputs", "userIdentity", "waitForSuccess", "rerunOnNodeRebootAfterSuccess",
            "constraints"
          ],
          "additionalProperties": false,
          "properties": {
            "commandLine": { "type": "string", "minLength": 1 },
            "environment": { "$ref": "#/$defs/environment" },
            "inputs": { "type": "array", "items": { "$ref": "#/$defs/input" } },
            "userIdentity": { "$ref": "#/$defs/userIdentity" },
            "waitForSuccess": { "type": "boolean" },
            "rerunOnNodeRebootAfterSuccess": { "type": "boolean" },
            "constraints": { "$ref": "#/$defs/constraints" },
            "container": { "$ref": "#/$defs/container" }
          }
        },
        "releaseTask": {
          "type": "object",
          "required": ["commandLine", "environment", "inputs", "userIdentity", "constraints"],
          "additionalProperties": false,
          "properties": {
            "commandLine": { "type": "string", "minLength": 1 },
            "environment": { "$ref": "#/$defs/environment" },
            "inputs": { "type": "array", "items": { "$ref": "#/$defs/input" } },
            "userIdentity": { "$ref": "#/$defs/userIdentity" },
            "constraints": { "$ref": "#/$defs/constraints" },
            "container": { "$ref": "#/$defs/container" }
          }
        },
        "job": {
          "type": "object",
          "required": [
            "id", "pool", "priority", "maxParallelTasks", "constraints", "onAllTasksComplete", "onTaskFailure",
            "usesTaskDependencies", "environment", "metadata", "tasks"
          ],
          "additionalProperties": false,
          "properties": {
            "id": { "$ref": "#/$defs/id" },
            "displayName": { "type": "string" },
            "pool": { "$ref": "#/$defs/id" },
            "priority": { "type": "integer", "minimum": -1000, "maximum": 1000 },
            "maxParallelTasks": { "type": "integer", "minimum": -1 },
            "constraints": { "$ref": "#/$defs/constraints" },
            "onAllTasksComplete": { "enum": ["no_action", "terminate_job"] },
            "onTaskFailure": { "enum": ["no_action", "perform_exit_options_job_action"] },
            "usesTaskDependencies": { "type": "boolean" },
            "environment": { "$ref": "#/$defs/environment" },
            "metadata": { "$ref": "#/$defs/stringMap" },
            "preparationTask": { "$ref": "#/$defs/preparationTask" },
            "releaseTask": { "$ref": "#/$defs/releaseTask" },
            "manager": { "$ref": "#/$defs/managerTask" },
            "taskDefaults": {
              "$ref": "#/$defs/taskMembers",
              "description": "Members every task of the job has (never `id`), written once: each element of `tasks` holds only its others and is a `task` with these added. `compile` writes it for a job of two or more tasks that share members."
            },
            "tasks": { "type": "array", "items": { "$ref": "#/$defs/taskEntry" } }
          },
          "if": { "required": ["taskDefaults"] },
          "else": { "properties": { "tasks": { "items": { "$ref": "#/$defs/task" } } } }
        },
        "managerTask": {
          "type": "object",
          "required": [
            "id", "commandLine", "environment", "inputs", "outputs", "constraints", "requiredSlots", "killJobOnCompletion",
            "runExclusive", "allowLowPriorityNode", "userIdentity", "applications"
          ],
          "additionalProperties": false,
          "properties": {
            "id": { "$ref": "#/$defs/id" },
            "displayName": { "type": "string" },
            "commandLine": { "type": "string", "minLength": 1 },
            "environment": { "$ref": "#/$defs/environment" },
            "inputs": { "type": "array", "items": { "$ref": "#/$defs/input" } },
            "outputs": { "type": "array", "items": { "$ref": "#/$defs/output" } },
            "constraints": { "$ref": "#/$defs/constraints" },
            "requiredSlots": { "type": "integer", "minimum": 1 },
            "killJobOnCompletion": { "type": "boolean" },
            "runExclusive": { "type": "boolean" },
            "allowLowPriorityNode": { "type": "boolean" },
            "userIdentity": { "$ref": "#/$defs/userIdentity" },
            "applications": { "type": "array", "items": { "$ref": "#/$defs/application" } },
            "container": { "$ref": "#/$defs/container" },
            "expectedDurationMs": {
              "description": "How long the manager is expected to run (`expected_duration`), in milliseconds: for `batchspec estimate` only, not sent to Azure.",
              "type": "integer", "minimum": 0
            }
          }
        },
        "schedule": {
          "type": "object",
          "required": ["id", "job", "metadata"],
          "additionalProperties": false,
          "properties": {
            "id": { "$ref": "#/$defs/id" },
            "displayName": { "type": "string" },
            "job": { "$ref": "#/$defs/id" },
            "recurrenceIntervalMs": { "$ref": "#/$defs/milliseconds" },
            "startWindowMs": { "$ref": "#/$defs/milliseconds" },
            "doNotRunUntil": { "type": "string" },
            "doNotRunAfter": { "type": "string" },
            "metadata": { "$ref": "#/$defs/stringMap" }
          }
        },
        "task": {
          "allOf": [{ "$ref": "#/$defs/taskMembers" }],
          "required": [
            "id", "commandLine", "environment", "inputs", "outputs", "constraints", "requiredSlots", "dependsOn",
            "exitConditions", "userIdentity", "applications"
          ]
        },
        "taskEntry": {
          "description": "An element of a job's `tasks`: a whole `task`, or, in a job with `taskDefaults`, the members that are not among them.",
          "allOf": [{ "$ref": "#/$defs/taskMembers" }],
          "required": ["id"]
        },
        "taskMembers": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "id": { "$ref": "#/$defs/id" },
            "displayName": { "type": "string" },
            "commandLine": { "type": "string", "minLength": 1 },
            "environment": { "$ref": "#/$defs/environment" },
            "inputs": { "type": "array", "items": { "$ref": "#/$defs/input" } },
            "outputs": { "type": "array", "items": { "$ref": "#/$defs/output" } },
            "constraints": { "$ref": "#/$defs/constraints" },
            "requiredSlots": { "type": "integer", "minimum": 1 },
            "expectedDurationMs": {
              "description": "How long the task is expected to run (`expected_duration`), in milliseconds: for `batchspec estimate` only, not sent to Azure.",
              "type": "integer", "minimum": 0
            },
            "dependsOn": { "type": "array", "items": { "$ref": "#/$defs/id" }, "uniqueItems": true },
            "exitConditions": { "type": "array", "items": { "$ref": "#/$defs/exitCondition" } },
            "userIdentity": { "$ref": "#/$defs/userIdentity" },
            "applications": { "type": "array", "items": { "$ref": "#/$defs/application" } },
            "multiInstance": {
              "type": "object",
              "required": ["numberOfInstances"],
              "additionalProperties": false,
              "properties": {
                "numberOfInstances": { "type": "integer", "minimum": 1 },
                "coordinationCommandLine": { "type": "string" },
                "commonInputs": {
                  "description": "The common resource files: downloaded on every node of the task into the task directory (the parent of its working directory).",
                  "type": "array", "items": { "$ref": "#/$defs/input" }
                }
              }
            },
            "container": { "$ref": "#/$defs/container" }
          }
        }
      }
    }
    """#

  /// The schema, compiled once; nil only if `text` is not a schema this validator reads (a test
  /// proves it is).
  package static let compiled: JSONSchema? = {
    guard let document = try? JSONParser.parse(Array(text.utf8)) else { return nil }
    return try? JSONSchema(document)
  }()
}
