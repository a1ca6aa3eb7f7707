-- Neovim's built-in LSP client against `cplint lsp` (run by tests/lsp.rs):
--   nvim --headless --clean -n -i NONE -c "luafile tests/nvim/lsp_test.lua"
-- with CPLINT_BIN (the cplint binary), CPLINT_FILE (a JavaScript file with an
-- interpolated `exec` on its third line, after non-ASCII text) and CPLINT_RESULT
-- (where to write what happened; the last line is PASS or FAIL). Exits non-zero on
-- failure. Works with Neovim 0.7 (start_client/buf_attach_client) and later.

local bin = assert(os.getenv("CPLINT_BIN"), "CPLINT_BIN not set")
local file = assert(os.getenv("CPLINT_FILE"), "CPLINT_FILE not set")
local result_path = assert(os.getenv("CPLINT_RESULT"), "CPLINT_RESULT not set")
local TIMEOUT = 30000

local lines = {}
local function log(s)
  table.insert(lines, s)
end

local function finish(ok)
  table.insert(lines, ok and "PASS" or "FAIL")
  local f = io.open(result_path, "w")
  if f then
    f:write(table.concat(lines, "\n") .. "\n")
    f:close()
  end
  if ok then
    vim.cmd("qall!")
  else
    vim.cmd("cquit! 1")
  end
end

local function cplint_diagnostics(buf, code)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == "cplint" and (code == nil or d.code == code) then
      table.insert(found, d)
    end
  end
  return found
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  log("filetype: " .. vim.bo[buf].filetype)
  local client_id = vim.lsp.start_client({
    name = "cplint",
    cmd = { bin, "lsp" },
    root_dir = vim.fn.fnamemodify(file, ":h"),
  })
  assert(client_id, "vim.lsp.start_client failed")
  assert(vim.lsp.buf_attach_client(buf, client_id), "buf_attach_client failed")

  -- The diagnostic, with its code, message and column.
  local diags
  local got = vim.wait(TIMEOUT, function()
    diags = cplint_diagnostics(buf, "CP001")
    return #diags > 0
  end, 20)
  assert(got, "no CP001 diagnostic within the timeout; have: " .. vim.inspect(vim.diagnostic.get(buf)))
  local d = diags[1]
  log(string.format("diagnostic: %s at %d:%d: %s", d.code, d.lnum, d.col, d.message:gsub("\n.*", "")))
  assert(d.message:find("`exec` runs a shell command built from `name`", 1, true), "message: " .. d.message)
  assert(d.severity == vim.diagnostic.severity.ERROR, "severity: " .. tostring(d.severity))
  assert(d.user_data.lsp.codeDescription.href:find("rules/shell%-injection%.md$"), "no rule link")
  -- Neovim converts UTF-16 positions to byte columns: the line has a character
  -- outside the BMP before `exec`, so a wrong encoding shows here.
  local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
  local exec_col = line:find("exec(", 1, true) - 1
  assert(d.col == exec_col, string.format("column %d, `exec` is at byte %d", d.col, exec_col))

  -- The "disable for this line" action, taken through the code action menu.
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local offered, chosen = {}, nil
  vim.ui.select = function(items, opts, on_choice)
    for i, item in ipairs(items) do
      local title = opts.format_item and opts.format_item(item) or tostring(item)
      table.insert(offered, title)
      if chosen == nil and title:find("Disable shell-injection for this line", 1, true) then
        chosen = i
      end
    end
    if chosen then
      on_choice(items[chosen], chosen)
    else
      on_choice(nil, nil)
    end
  end
  vim.lsp.buf.code_action()
  assert(vim.wait(TIMEOUT, function() return #offered > 0 end, 20), "no code actions offered")
  log("actions: " .. table.concat(offered, " | "))
  assert(chosen, "no disable-line action among: " .. table.concat(offered, " | "))
  local fixed_unsafe = false
  for _, t in ipairs(offered) do
    if t:find("^%(unsafe%) ") then fixed_unsafe = true end
  end
  assert(fixed_unsafe, "no (unsafe) fix offered")

  -- The buffer holds the directive above the line, indented like it.
  local above = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
  log("inserted: " .. above)
  assert(above == "  // cplint-disable-next-line shell-injection -- reason", "line above: " .. above)
  assert(vim.api.nvim_buf_get_lines(buf, d.lnum + 1, d.lnum + 2, false)[1] == line, "the line itself changed")

  -- The unsaved buffer is linted again: the finding goes.
  assert(vim.wait(TIMEOUT, function() return #cplint_diagnostics(buf, "CP001") == 0 end, 20),
    "CP001 still shown after the directive")
  log("after: " .. #cplint_diagnostics(buf, nil) .. " cplint diagnostics, no CP001")
  assert(vim.bo[buf].modified, "the buffer was written")
  vim.lsp.stop_client(client_id)
end)

if not ok then
  log("error: " .. tostring(err))
end
finish(ok)
