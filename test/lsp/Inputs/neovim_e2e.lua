-- End-to-end test with a real LSP client: Neovim 0.7's built-in one.
-- Opens main.flyte (which imports lib.flyte), waits for the diagnostics of
-- `flytec lsp`, asks for the quick fix of the E0309 placeholder typo and
-- applies its edit, waits for the diagnostic to go, then checks hover and
-- go-to-definition across the import. Exits non-zero (cquit) on any failure.
-- Environment: FLYTEC (the binary), WORK (a writable copy of Inputs/).
local flytec = assert(os.getenv('FLYTEC'), 'FLYTEC not set')
local dir = assert(os.getenv('WORK'), 'WORK not set')

local function log(msg) io.stdout:write(msg .. '\n') end
local function fail(msg)
  io.stderr:write('FAIL: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

-- 0.7 keeps only some LSP fields under user_data.lsp; code is in either place.
local function codeOf(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function run()
  vim.cmd('edit ' .. dir .. '/main.flyte')
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({ name = 'flytec', cmd = { flytec, 'lsp' }, root_dir = dir })
  if not client_id then return fail('start_client failed') end
  vim.lsp.buf_attach_client(buf, client_id)
  local uri = vim.uri_from_bufnr(buf)

  local function codes()
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do out[#out + 1] = codeOf(d) end
    return out
  end
  local function find(code)
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if codeOf(d) == code then return d end
    end
  end

  if not vim.wait(10000, function() return find('E0309') ~= nil end, 10) then
    return fail('no E0309 diagnostic; got: ' .. vim.inspect(codes()))
  end
  local d = find('E0309')
  log('diagnostic: ' .. codeOf(d) .. ' ' .. d.message)

  -- Whole lines around the diagnostic: no byte/UTF-16 column conversion needed.
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = d.lnum, character = 0 }, ['end'] = { line = d.end_lnum + 1, character = 0 } },
    context = { diagnostics = {} },
  }, 5000)
  local actions = res and res[client_id] and res[client_id].result
  if not actions or #actions == 0 then return fail('no code action: ' .. vim.inspect(res)) end
  log('code action: ' .. actions[1].title)
  vim.lsp.util.apply_workspace_edit(actions[1].edit, 'utf-16')
  local line = vim.api.nvim_buf_get_lines(buf, 5, 6, false)[1]
  if not line:find('{{.inputs.xs}}', 1, true) then return fail('edit not applied: ' .. line) end
  log('fixed line: ' .. vim.trim(line))

  if not vim.wait(10000, function() return find('E0309') == nil end, 10) then
    return fail('E0309 still reported after the fix')
  end
  log('diagnostics after fix: ' .. #vim.diagnostic.get(buf))

  res = vim.lsp.buf_request_sync(buf, 'textDocument/hover',
    { textDocument = { uri = uri }, position = { line = 10, character = 10 } }, 5000)
  local hover = res and res[client_id] and res[client_id].result
  if not hover or not hover.contents.value:find('task total(xs: list[int]) -> int', 1, true) then
    return fail('hover: ' .. vim.inspect(res))
  end
  log('hover: ' .. vim.split(hover.contents.value, '\n')[2])

  res = vim.lsp.buf_request_sync(buf, 'textDocument/definition',
    { textDocument = { uri = uri }, position = { line = 9, character = 18 } }, 5000)
  local defs = res and res[client_id] and res[client_id].result
  if not defs or #defs ~= 1 or not defs[1].uri:match('lib%.flyte$') or defs[1].range.start.line ~= 1 then
    return fail('definition: ' .. vim.inspect(res))
  end
  log('definition: lib.flyte:' .. defs[1].range.start.line .. ':' .. defs[1].range.start.character)

  vim.lsp.stop_client(client_id)
  log('OK')
  vim.cmd('qall!')
end

local ok, err = pcall(run)
if not ok then fail(tostring(err)) end
