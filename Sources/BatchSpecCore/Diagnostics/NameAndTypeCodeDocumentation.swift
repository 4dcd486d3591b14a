// What each names-and-types code (BS2xxx) flags, why, an example and its fix, with the headings of
// a rule's documentation, so `explain`, hover and SARIF render them as they render rules.

extension DiagnosticCode {
  /// The documentation of the names-and-types codes, by code.
  static let nameAndTypeDocumentation: [DiagnosticCode: String] = [
    unknownBlock: #"""
    ## What it does
    Reports a block whose kind the schema does not define where it stands, with the closest kind
    when one is close, or an attribute written as a block. A kind spelt as Batch's REST API names
    the object (`startTask`, `jobManagerTask`, `outputFiles`) is told what batchspec calls it.

    ## Why is this bad?
    Nothing in the block reaches Azure: a misspelt `start_task` means the nodes start without it.

    ## Example
    ```
    pol render-pool { vm_size = "Standard_D2s_v3" }
    ```

    ## Use instead
    ```
    pool render-pool { vm_size = "Standard_D2s_v3" }
    ```

    ## Azure limit
    Each block stands for one REST object or property (`grammar/schema.md` lists them); there is
    no other to send.
    """#,
    unknownAttribute: #"""
    ## What it does
    Reports an attribute the enclosing block does not have, with the closest name when one is
    close, or a block written as an attribute. A name spelt as Batch's REST API names the property
    (`targetDedicatedNodes`, `commandLine`, `maxTaskRetryCount`) is told what batchspec calls it;
    the rename is a safe fix when batchspec writes that very property under its own name.

    ## Why is this bad?
    The value is dropped: a misspelt `vm_size` leaves the pool without one.

    ## Example
    ```
    pool render-pool { vm_sise = "Standard_D2s_v3" }
    ```

    ## Use instead
    ```
    pool render-pool { vm_size = "Standard_D2s_v3" }
    ```

    ## Azure limit
    Each attribute stands for one REST property (`grammar/schema.md` lists them).
    """#,
    typeMismatch: #"""
    ## What it does
    Reports a value of another type than the attribute takes (a string for an int, a number for
    a string, a quoted reference), `env(...)` outside a secret, or a secret written literally.
    A number, duration or word in quotes gets a safe fix that removes them, a time span as
    Batch's JSON writes it (`"PT1H30M"`, ISO 8601) one that writes the duration (`1h30m`), and
    settings as its list of pairs (`[{ name = "A", value = "1" }]`) one that writes the map
    (`{ A = "1" }`).

    ## Why is this bad?
    Batch would refuse the request, or read the value differently; a secret in the spec is
    readable by anyone who can read the spec.

    ## Example
    ```
    pool render-pool { dedicated_nodes = "2" }
    ```

    ## Use instead
    ```
    pool render-pool { dedicated_nodes = 2 }
    ```

    ## Azure limit
    The REST API types each property (`targetDedicatedNodes` is an int32, for example).
    """#,
    missingAttribute: #"""
    ## What it does
    Reports a required attribute that is not set (a job's `pool`, a task's `command`), or a pool's
    `account` when the project declares more than one account.

    ## Why is this bad?
    Batch refuses the request without it, or the compiler cannot tell where the resource goes.

    ## Example
    ```
    job render { task frame { command = "render" } }
    ```

    ## Use instead
    ```
    pool render-pool {
      vm_size    = "Standard_D2s_v3"
      image      = "canonical/ubuntu/22_04-lts"
      node_agent = "batch.node.ubuntu 22.04"
    }
    job render {
      pool = render-pool
      task frame { command = "render" }
    }
    ```

    ## Azure limit
    The REST API requires these properties (a job's `poolInfo`, a task's `commandLine`).
    """#,
    duplicateID: #"""
    ## What it does
    Reports two resources of one kind in one scope (pools and jobs in an account, tasks in a job)
    whose IDs are equal when case is ignored.

    ## Why is this bad?
    The second request fails with a conflict, or replaces what the first one created.

    ## Example
    ```
    pool render { vm_size = "Standard_D2s_v3" }
    pool Render { vm_size = "Standard_D4s_v3" }
    ```

    ## Use instead
    ```
    pool render-small { vm_size = "Standard_D2s_v3" }
    pool render-large { vm_size = "Standard_D4s_v3" }
    ```

    ## Azure limit
    IDs are unique within their scope and compared without regard to case.
    """#,
    unresolvedReference: #"""
    ## What it does
    Reports a reference to a resource the project does not declare (a pool, a storage account,
    an application or one of its versions, a task or a sweep's member), with the closest name.

    ## Why is this bad?
    The job would be sent to a pool that does not exist, or depend on a task that never runs.

    ## Example
    ```
    pool render-pool { vm_size = "Standard_D2s_v3" }
    job render { pool = render-pol }
    ```

    ## Use instead
    ```
    pool render-pool { vm_size = "Standard_D2s_v3" }
    job render { pool = render-pool }
    ```

    ## Azure limit
    Batch refuses a job whose pool does not exist when the job is added, and a task that depends
    on a task ID the job does not hold never runs.
    """#,
    duplicateAttribute: #"""
    ## What it does
    Reports an attribute set twice in one block, or a key set twice in one map. The rest of the
    spec is checked with the first value; a fix (not applied by `--fix` alone: either may be the
    one meant) removes the second, its line when it stands alone on one.

    ## Why is this bad?
    Only one value can be sent, and the reader cannot tell which one was meant.

    ## Example
    ```
    pool render-pool {
      image = "canonical/ubuntu/22_04-lts"
      image = "canonical/ubuntu/24_04-lts"
    }
    ```

    ## Use instead
    ```
    pool render-pool {
      image = "canonical/ubuntu/22_04-lts"
    }
    ```

    ## Azure limit
    Each REST property has one value.
    """#,
    unknownEnumWord: #"""
    ## What it does
    Reports a word that is not one of the attribute's allowed values, with the closest one and
    the full list. A word as Batch's REST API spells it (`taskSuccess`, `terminateJob`) is told
    the language's word, with a safe fix.

    ## Why is this bad?
    Batch refuses a value it does not define.

    ## Example
    ```
    account renderlab { location = "westeurope", allocation = batch_servce }
    ```

    ## Use instead
    ```
    account renderlab { location = "westeurope", allocation = batch_service }
    ```

    ## Azure limit
    The REST API defines each enumeration's values (`poolAllocationMode` is `BatchService` or
    `UserSubscription`).
    """#,
    unknownName: #"""
    ## What it does
    Reports a name in `${...}` or in an expression that is no param and no sweep variable in
    scope, with the closest one; a bare word where a string was meant says to quote it. A name in
    `${...}` shaped like an environment variable (`${HOME}`, `${AZ_BATCH_NODE_SHARED_DIR}`) is
    the shell's: the fix escapes it as `\${HOME}`, which reaches the task as `${HOME}`.

    ## Why is this bad?
    The value cannot be computed, so the string sent to Batch would hold nothing there.

    ## Example
    ```
    param quality: string = "high"
    job render { display_name = "render at ${qualty}" }
    ```

    ## Use instead
    ```
    param quality: string = "high"
    job render { display_name = "render at ${quality}" }
    ```

    ## Azure limit
    None: params and sweeps are expanded before anything is sent.
    """#,
    invalidParam: #"""
    ## What it does
    Reports a param with an unknown type, declared twice, or with no value (no default and no
    `--param name=value`).

    ## Why is this bad?
    Every use of the param would be unknown, so nothing that reads it can be compiled.

    ## Example
    ```
    param nodes: int
    ```

    ## Use instead
    ```
    param nodes: int = 2
    ```

    ## Azure limit
    None: params are expanded before anything is sent.
    """#,
    sweepIDCollision: #"""
    ## What it does
    Reports a sweep that gives one task ID to two of its values, or a task ID that another task
    or sweep of the job gives too.

    ## Why is this bad?
    Batch refuses the second task with that ID, so part of the sweep never runs.

    ## Example
    ```
    job render {
      task frame for i in 1..3 { command = "render ${i}" }
      task frame-2 { command = "render 2 again" }
    }
    ```

    ## Use instead
    ```
    job render {
      task frame for i in 1..3 { command = "render ${i}" }
      task frame-2-again { command = "render 2 again" }
    }
    ```

    ## Azure limit
    Task IDs are unique within a job, compared without regard to case.
    """#,
    invalidContainerName: #"""
    ## What it does
    Reports a blob container a spec refers to whose name Azure Storage refuses: not 3 to 63
    characters, a character other than lowercase letters, digits and `-`, a `-` at either end or
    two in a row. (Names in a storage account's `containers` list are checked by BS4004.)

    ## Why is this bad?
    Creating the container, and every upload to it, fails.

    ## Example
    ```
    storage textdata { location = "westeurope" }
    job count {
      task tally {
        command = "wc -w book.txt > count.txt"
        output "count.txt" { container = textdata.Counts }
      }
    }
    ```

    ## Use instead
    ```
    storage textdata { location = "westeurope" }
    job count {
      task tally {
        command = "wc -w book.txt > count.txt"
        output "count.txt" { container = textdata.counts }
      }
    }
    ```

    ## Azure limit
    Container names have 3 to 63 characters: lowercase letters, digits and single hyphens, starting
    and ending with a letter or digit.
    """#,
    invalidBlobName: #"""
    ## What it does
    Reports a blob name Azure Storage refuses or cannot address: empty, longer than 1,024
    characters, or ending with `.` or `/`.

    ## Why is this bad?
    The input cannot be downloaded, and the task fails before its command runs.

    ## Example
    ```
    storage textdata { containers = ["books"] }
    job count {
      task fetch {
        command = "cat chapter.txt"
        input "chapter.txt" { blob = textdata.books["moby-dick/"] }
      }
    }
    ```

    ## Use instead
    ```
    storage textdata { containers = ["books"] }
    job count {
      task fetch {
        command = "cat chapter.txt"
        input "chapter.txt" { blob = textdata.books["moby-dick/chapter-1.txt"] }
      }
    }
    ```

    ## Azure limit
    Blob names have 1 to 1,024 characters; a name ending with `.` or `/` cannot be addressed.
    """#,
    misplacedBlock: #"""
    ## What it does
    Reports a known block kind inside a block that cannot hold it (a `task` in a `pool`), or an
    attribute at the top level.

    ## Why is this bad?
    The block is dropped from the request it was meant for.

    ## Example
    ```
    pool render-pool {
      vm_size = "Standard_D2s_v3"
      task frame { command = "render" }
    }
    ```

    ## Use instead
    ```
    pool render-pool { vm_size = "Standard_D2s_v3" }
    job render {
      pool = render-pool
      task frame { command = "render" }
    }
    ```

    ## Azure limit
    Each REST object holds only its own properties: tasks belong to jobs, not pools.
    """#,
    invalidLabel: #"""
    ## What it does
    Reports a block label that is missing (an `account` with no ID), given to a block that takes
    none (`quota`), or a sweep on a block that cannot sweep.

    ## Why is this bad?
    The label is the resource's ID or the file's path; without it nothing can refer to the block,
    and Azure has no ID to create it under.

    ## Example
    ```
    account { location = "westeurope" }
    ```

    ## Use instead
    ```
    account renderlab { location = "westeurope" }
    ```

    ## Azure limit
    Accounts, pools, jobs and tasks are created under an ID.
    """#,
    unknownFunction: #"""
    ## What it does
    Reports a call to a function the language does not define, or `env` called with anything but
    one string. `env("NAME")`, for secrets, is the only function.

    ## Why is this bad?
    The value cannot be computed.

    ## Example
    ```
    pool render-pool { image = lookup("UBUNTU_IMAGE") }
    ```

    ## Use instead
    ```
    pool render-pool { image = "canonical/ubuntu/22_04-lts" }
    ```

    ## Azure limit
    None: functions are evaluated before anything is sent.
    """#,
    undeclaredContainer: #"""
    ## What it does
    Reports a container that a storage account's `containers` list does not declare, with the
    closest one.

    ## Why is this bad?
    A misspelt container sends outputs, or looks for inputs, where nothing is.

    ## Example
    ```
    storage textdata { containers = ["counts"] }
    job count {
      task tally {
        command = "wc -w book.txt > count.txt"
        output "count.txt" { container = textdata.cuonts }
      }
    }
    ```

    ## Use instead
    ```
    storage textdata { containers = ["counts"] }
    job count {
      task tally {
        command = "wc -w book.txt > count.txt"
        output "count.txt" { container = textdata.counts }
      }
    }
    ```

    ## Azure limit
    An upload to a container that does not exist fails, and Batch reports it as a file upload
    error after the task has run.
    """#,
    invalidSweep: #"""
    ## What it does
    Reports a sweep over values that are not a range or a list of ints or strings, a range that
    counts down or is empty, a `step` below 1, or more tasks than one sweep may expand to.

    ## Why is this bad?
    The sweep expands to no task, or to more than can be sent.

    ## Example
    ```
    job render {
      task frame for i in 10..1 { command = "render ${i}" }
    }
    ```

    ## Use instead
    ```
    job render {
      task frame for i in 1..10 { command = "render ${i}" }
    }
    ```

    ## Azure limit
    A sweep expands to at most 100,000 tasks, sent in collections of at most 100.
    """#,
    conflictingAttributes: #"""
    ## What it does
    Reports attributes that exclude each other (`image` and `custom_image`, `run_as` and
    `elevation`), or a block that sets none of a required choice (an `input` without a source).

    ## Why is this bad?
    Batch refuses a request with both, or without any, of such properties.

    ## Example
    ```
    pool render-pool {
      image        = "canonical/ubuntu/22_04-lts"
      custom_image = "/subscriptions/0000/resourceGroups/img/providers/Microsoft.Compute/images/render"
    }
    ```

    ## Use instead
    ```
    pool render-pool {
      custom_image = "/subscriptions/0000/resourceGroups/img/providers/Microsoft.Compute/images/render"
    }
    ```

    ## Azure limit
    An `imageReference` is a Marketplace image or a custom image, never both; the REST API
    documents each such choice.
    """#,
    duplicateBlock: #"""
    ## What it does
    Reports a block that may appear once in its parent (a pool's `start_task`, an account's
    `quota`) written twice, or a labelled block repeated with the same label.

    ## Why is this bad?
    Only one can be sent; the reader cannot tell which one counts.

    ## Example
    ```
    pool render-pool {
      start_task { command = "apt-get update" }
      start_task { command = "apt-get install -y blender" }
    }
    ```

    ## Use instead
    ```
    pool render-pool {
      start_task { command = "/bin/sh -c 'apt-get update && apt-get install -y blender'" }
    }
    ```

    ## Azure limit
    A pool has one `startTask` property.
    """#,
    valueOutOfRange: #"""
    ## What it does
    Reports a number outside the range its attribute takes whatever else the project says: a
    negative node count, a data disk's `lun` above 63, a rolling upgrade's percentage above 100.
    The range is part of the attribute's type (hover and the schema reference show it). Ranges
    that depend on other values, such as task slots against the VM size's vCPUs, are checked by
    the validator's rules.

    ## Why is this bad?
    Batch refuses the request; a local run would emulate a pool Azure cannot have.

    ## Example
    ```
    pool render-pool {
      spot_nodes = -2
      data_disk { lun = 64, size_gb = 128 }
    }
    ```

    ## Use instead
    ```
    pool render-pool {
      spot_nodes = 2
      data_disk { lun = 0, size_gb = 128 }
    }
    ```

    ## Azure limit
    Each REST property's range, as the REST API documents it: `targetDedicatedNodes` and
    `targetLowPriorityNodes` are at least 0, `numberOfInstances` at least 1, a data disk's `lun`
    0 to 63, `backendPort` 1 to 65535, `maxBatchInstancePercent` and `maxUnhealthyInstancePercent`
    5 to 100, `maxUnhealthyUpgradedInstancePercent` 0 to 100.
    """#,
  ]
}
