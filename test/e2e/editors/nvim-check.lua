-- The check the editors stage (run.mjs) runs inside headless Neovim, after the README's configuration:
-- it waits for the server's diagnostics on the opened document, asks for the hover of the live link
-- through Neovim's own client, and writes what it saw to $EDITOR_CHECK_OUT as JSON, then quits.
local out = os.getenv('EDITOR_CHECK_OUT')
local live_id = os.getenv('EDITOR_CHECK_LIVE_ID')
local timeout = tonumber(os.getenv('EDITOR_CHECK_TIMEOUT_MS') or '60000')
local result = { clients = {}, diagnostics = {}, hover = nil, errors = {} }

local function finish()
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  local buf = vim.api.nvim_get_current_buf()
  vim.wait(timeout, function()
    return #vim.diagnostic.get(buf) > 0
  end, 200)
  for _, client in pairs(vim.lsp.buf_get_clients(buf)) do
    table.insert(result.clients, client.name)
  end
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(result.diagnostics, { line = d.lnum, message = d.message })
  end
  -- The cursor on the live link's id, as a user puts it before pressing K.
  local line = vim.fn.search(live_id, 'w')
  local col = vim.fn.col('.')
  local params = vim.lsp.util.make_position_params()
  local answers = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, timeout) or {}
  for _, answer in pairs(answers) do
    if answer.error then table.insert(result.errors, answer.error.message) end
    if answer.result and answer.result.contents then
      local contents = answer.result.contents
      result.hover = type(contents) == 'table' and (contents.value or vim.fn.json_encode(contents)) or contents
    end
  end
  result.cursor = { line, col }
end)
if not ok then table.insert(result.errors, tostring(err)) end
finish()
