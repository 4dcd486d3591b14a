// A two-file project used by the behaviour tests.

let jobsFile = "/w/p/a.batch"
let poolsFile = "/w/p/b.batch"

let jobsText = """
  param n: int = 3

  job render {
    pool = render-pool
    task frame for i in 1..n {
      command = "echo ${i}"
    }
    task encode {
      command = "ffmpeg"
      depends_on = [frame]
    }
  }

  """

let poolsText = """
  pool render-pool {
    vm_size    = "Standard_D4s_v3"
    image      = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
    node_agent = "batch.node.ubuntu 22.04"
  }

  """

let projectFiles = [jobsFile: jobsText, poolsFile: poolsText]
