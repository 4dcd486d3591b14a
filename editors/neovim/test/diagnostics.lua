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
vim.cmd("qall!")
