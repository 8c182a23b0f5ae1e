/**
 * Lua scripts of the Redis retained store. Each runs inside one hash slot: every key of a
 * first-level subtree shares the hash tag `{prefix:level0}`, so a script can walk the subtree
 * atomically on one Redis Cluster node.
 *
 * Keys (pre = `{prefix:level0}`):
 *   pre:m:<topic>  hash { q: qos, p: payload bytes }        the retained message of <topic>
 *   pre:c:<path>   set of child level names under <path>     the trie edges used by lookups
 *   pre:n          number of retained messages in this subtree (kept by the scripts, so a
 *                  client that dies between two commands cannot leave the count wrong)
 */

/** ARGV: pre, topic, qos, payload, level1..levelN (levels after the first). Returns 1 if new. */
export const SET_SCRIPT = `
local pre = ARGV[1]
local topic = ARGV[2]
local created = redis.call('HSET', pre .. ':m:' .. topic, 'q', ARGV[3], 'p', ARGV[4])
if created > 0 then redis.call('INCR', pre .. ':n') end
local path = ''
for i = 5, #ARGV do
  if i == 5 then path = ARGV[5] else
    redis.call('SADD', pre .. ':c:' .. path, ARGV[i])
    path = path .. '/' .. ARGV[i]
  end
end
return created > 0 and 1 or 0
`;

/** ARGV: pre, topic, level0..levelN. Deletes and prunes empty trie edges. Returns 1 if it existed. */
export const DELETE_SCRIPT = `
local pre = ARGV[1]
local topic = ARGV[2]
if redis.call('DEL', pre .. ':m:' .. topic) == 0 then return 0 end
redis.call('DECR', pre .. ':n')
local paths = {}
local path = ''
for i = 3, #ARGV do
  if i == 3 then path = ARGV[3] else path = path .. '/' .. ARGV[i] end
  paths[#paths + 1] = path
end
for i = #paths, 2, -1 do
  local p = paths[i]
  if redis.call('EXISTS', pre .. ':m:' .. p) == 1 or redis.call('SCARD', pre .. ':c:' .. p) > 0 then break end
  redis.call('SREM', pre .. ':c:' .. paths[i - 1], ARGV[i + 2])
end
return 1
`;

/**
 * ARGV: pre, base (level0), filter levels after the first. Returns a flat array
 * [topic, qos, payload, ...] of matches: '+' one level, '#' the parent level and below.
 */
export const MATCH_SCRIPT = `
local pre = ARGV[1]
local levels = {}
for i = 3, #ARGV do levels[#levels + 1] = ARGV[i] end
local out = {}
local function emit(path)
  local h = redis.call('HMGET', pre .. ':m:' .. path, 'q', 'p')
  if h[1] then
    out[#out + 1] = path
    out[#out + 1] = h[1]
    out[#out + 1] = h[2]
  end
end
local function collect(path)
  for _, k in ipairs(redis.call('SMEMBERS', pre .. ':c:' .. path)) do
    local p = path .. '/' .. k
    emit(p)
    collect(p)
  end
end
local function walk(path, i)
  if i > #levels then emit(path) return end
  local lv = levels[i]
  if lv == '#' then
    emit(path)
    collect(path)
  elseif lv == '+' then
    for _, k in ipairs(redis.call('SMEMBERS', pre .. ':c:' .. path)) do walk(path .. '/' .. k, i + 1) end
  elseif redis.call('SISMEMBER', pre .. ':c:' .. path, lv) == 1 then
    walk(path .. '/' .. lv, i + 1)
  end
end
walk(ARGV[2], 1)
return out
`;
