-- A Neovim session on the bundled topo language server, as a Neovim user runs it: the setup of
-- docs/editors.md ($TOPO_INIT, the built-in client's vim.lsp.start_client, Neovim 0.7+) starts
-- `topo-language-server --stdio` when a .topo file is opened; its diagnostics arrive with their
-- rule codes, a hover is asked for, and the quick fix of one diagnostic is chosen through
-- vim.lsp.buf.code_action() (its menu answered as a user would). Run headless by
-- test/neovim.test.ts; what happened is written as JSON to $TOPO_RESULT.
--
-- Environment: TOPO_INIT (the Lua setup to source), TOPO_FILE (the file to open), TOPO_HOVER (text
-- to hover, the first occurrence on a line holding TOPO_HOVER_AFTER), TOPO_FIX_RULE (the rule
-- whose quick fix to apply), TOPO_FIX_TITLE (its title in the code action menu).
local env = vim.env
local result = { steps = {} }

local function write_result()
  local f = assert(io.open(env.TOPO_RESULT, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
end

local function step(name)
  table.insert(result.steps, name)
end

local function codes(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out, { code = d.code, lnum = d.lnum, col = d.col, severity = d.severity, message = d.message, source = d.source })
  end
  table.sort(out, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  return out
end

local function has_code(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code then return d end
  end
  return nil
end

local ok, err = pcall(function()
  dofile(env.TOPO_INIT)
  vim.cmd('edit ' .. vim.fn.fnameescape(env.TOPO_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype

  local client_id
  assert(vim.wait(10000, function()
    for id, _ in pairs(vim.lsp.buf_get_clients(bufnr)) do client_id = id end
    return client_id ~= nil
  end, 50), 'no language server attached to the buffer')
  local client = vim.lsp.get_client_by_id(client_id)
  result.client = { name = client.name, root = client.config.root_dir, cmd = client.config.cmd }
  step('started')

  assert(vim.wait(90000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50), 'no diagnostics within 90 s')
  -- Diagnostics of one file arrive at once: wait for the count to settle, then record them.
  local count = -1
  vim.wait(3000, function()
    local now = #vim.diagnostic.get(bufnr)
    local settled = now == count
    count = now
    return settled
  end, 500)
  result.diagnostics = codes(bufnr)
  step('diagnostics')

  -- Hover: on the first TOPO_HOVER after the line holding TOPO_HOVER_AFTER.
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local row, col
  for i, line in ipairs(lines) do
    if line:find(env.TOPO_HOVER_AFTER, 1, true) then
      local c = line:find(env.TOPO_HOVER, 1, true)
      if c then row, col = i, c - 1 break end
    end
  end
  assert(row, 'no line with ' .. env.TOPO_HOVER_AFTER .. ' and ' .. env.TOPO_HOVER)
  vim.api.nvim_win_set_cursor(0, { row, col + 1 })
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', vim.lsp.util.make_position_params(), 30000)
  assert(responses and responses[client_id], 'no hover response')
  local hover = responses[client_id].result
  result.hover = hover and hover.contents and (hover.contents.value or hover.contents) or vim.NIL
  step('hover')

  -- Quick fix: cursor on the diagnostic, the code action menu answered with the fix's title.
  local d = has_code(bufnr, env.TOPO_FIX_RULE)
  assert(d, 'no diagnostic ' .. env.TOPO_FIX_RULE)
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local before = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
  local chosen = false
  vim.ui.select = function(items, opts, on_choice)
    result.actions = {}
    local pick
    for _, item in ipairs(items) do
      local title = opts.format_item(item)
      table.insert(result.actions, title)
      if title == env.TOPO_FIX_TITLE then pick = item end
    end
    chosen = true
    on_choice(pick)
  end
  vim.lsp.buf.code_action()
  assert(vim.wait(30000, function() return chosen end, 50), 'the code action menu never opened')
  assert(vim.wait(10000, function()
    return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') ~= before
  end, 50), 'the quick fix changed nothing')
  result.text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
  step('fixed')

  -- The server re-checks the edited buffer (didChange): the finding goes away.
  result.cleared = vim.wait(60000, function() return has_code(bufnr, env.TOPO_FIX_RULE) == nil end, 100)
  result.after = codes(bufnr)
  step('rechecked')

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
end)

if not ok then result.error = tostring(err) end
write_result()
vim.cmd('qa!')
