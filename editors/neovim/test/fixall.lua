-- Headless Neovim test: asks batchspec for the current buffer's "fix all" action (kind
-- `source.fixAll`, what editors run on save), applies its edit through Neovim's own LSP client,
-- and writes the buffer's lines to $BATCHSPEC_NVIM_OUT; then quits.
vim.wait(20000, function()
  return #vim.lsp.buf_get_clients(0) > 0 and #vim.diagnostic.get(0) > 0
end, 50)
local client = vim.lsp.buf_get_clients(0)[next(vim.lsp.buf_get_clients(0))]
local params = vim.lsp.util.make_range_params()
params.context = { diagnostics = {}, only = { "source.fixAll" } }
local responses = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 10000) or {}
local applied = 0
for _, response in pairs(responses) do
  for _, action in ipairs(response.result or {}) do
    if action.edit then
      vim.lsp.util.apply_workspace_edit(action.edit, client and client.offset_encoding or "utf-16")
      applied = applied + 1
    end
  end
end
local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
if applied == 0 then lines = { "no fix-all action with an edit" } end
vim.fn.writefile(lines, os.getenv("BATCHSPEC_NVIM_OUT"))
vim.cmd("qall!")
