-- batchspec for Neovim's built-in LSP client: detects `.batch` files and starts `batchspec lsp`
-- with the file's directory (its project) as the root. Works with Neovim 0.7 and later.
local M = {}

local config = { cmd = nil, init_options = {} }
local client_id = nil

--- The batchspec to run for a file in `dir`, without configuration: the active virtual
--- environment's ($VIRTUAL_ENV/bin), then the nearest `.venv/bin` or `venv/bin` in `dir` or above
--- (where `pip install batchspec` put it), then `batchspec` on PATH.
function M.find_executable(dir)
  local candidates = {}
  if vim.env.VIRTUAL_ENV and vim.env.VIRTUAL_ENV ~= "" then
    table.insert(candidates, vim.env.VIRTUAL_ENV .. "/bin/batchspec")
  end
  local current = dir
  while current and current ~= "" do
    table.insert(candidates, current .. "/.venv/bin/batchspec")
    table.insert(candidates, current .. "/venv/bin/batchspec")
    local parent = vim.fn.fnamemodify(current, ":h")
    if parent == current then
      break
    end
    current = parent
  end
  for _, candidate in ipairs(candidates) do
    if vim.fn.executable(candidate) == 1 then
      return candidate
    end
  end
  return "batchspec"
end

local function start(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local root = vim.fn.fnamemodify(name, ":p:h")
  local cmd = config.cmd or { M.find_executable(root), "lsp" }
  if vim.lsp.start then -- Neovim 0.8+: reuses a running client with the same name and root
    vim.lsp.start({
      name = "batchspec",
      cmd = cmd,
      root_dir = root,
      init_options = config.init_options,
    }, { bufnr = bufnr })
    return
  end
  if client_id == nil or vim.lsp.get_client_by_id(client_id) == nil then
    client_id = vim.lsp.start_client({
      name = "batchspec",
      cmd = cmd,
      root_dir = root,
      init_options = config.init_options,
    })
  end
  if client_id then
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
end

--- Sets up detection and the client. Options: `cmd` (default: `{ M.find_executable(dir), "lsp" }`) and
--- `init_options` (for example `{ params = { frames = 10 } }`).
function M.setup(opts)
  config = vim.tbl_deep_extend("force", config, opts or {})
  local group = vim.api.nvim_create_augroup("batchspec", { clear = true })
  vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
    group = group,
    pattern = { "*.batch", "batchspec.config" },
    callback = function(args)
      vim.bo[args.buf].filetype = "batchspec"
    end,
  })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "batchspec",
    callback = function(args)
      vim.bo[args.buf].commentstring = "// %s"
      start(args.buf)
    end,
  })
end

return M
