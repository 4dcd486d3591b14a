-- Headless Neovim test: waits for batchspec's diagnostics on the current buffer and writes them,
-- one `line:column:code` per line (0-based, as LSP counts), to $BATCHSPEC_NVIM_OUT; then quits.
local ok = vim.wait(20000, function()
  return #vim.diagnostic.get(0) > 0
end, 50)
local lines = {}
if ok then
  vim.wait(300) -- let any follow-up publication settle
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
    table.insert(lines, string.format("%d:%d:%s", d.lnum, d.col, code))
  end
  table.sort(lines)
else
  table.insert(lines, "timeout: no diagnostics")
end
vim.fn.writefile(lines, os.getenv("BATCHSPEC_NVIM_OUT"))

-- Hover over `vm_size` (line 3) through the real client: the schema's documentation comes back.
local hover = {}
local params = { textDocument = vim.lsp.util.make_text_document_params(), position = { line = 2, character = 3 } }
local responses = vim.lsp.buf_request_sync(0, "textDocument/hover", params, 10000) or {}
for _, response in pairs(responses) do
  local contents = response.result and response.result.contents
  if contents and contents.value then
    table.insert(hover, vim.split(contents.value, "\n")[1])
  end
end
vim.fn.writefile(hover, os.getenv("BATCHSPEC_NVIM_OUT") .. ".hover")
vim.cmd("qall!")
