-- Run after Neovim started with the init.lua of docs/editors.md and opened a
-- `.flyte` file: prints the buffer's file type, the LSP clients attached to
-- it, and the codes of the diagnostics they publish, so that the test shows
-- the documented configuration works as pasted. Exits non-zero (cquit) when
-- no client attaches or no diagnostic arrives within 10 s.
local function log(msg) io.stdout:write(msg .. '\n') end

log('filetype: ' .. vim.bo.filetype)
local buf = vim.api.nvim_get_current_buf()
if not vim.wait(10000, function() return #vim.lsp.buf_get_clients(buf) > 0 end, 10) then
  io.stderr:write('FAIL: no LSP client attached\n')
  vim.cmd('cquit 1')
end
for _, c in pairs(vim.lsp.buf_get_clients(buf)) do log('client: ' .. c.name) end
if not vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 10) then
  io.stderr:write('FAIL: no diagnostics\n')
  vim.cmd('cquit 1')
end
for _, d in ipairs(vim.diagnostic.get(buf)) do
  log('diagnostic: ' .. tostring(d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)))
end
vim.cmd('qall!')
