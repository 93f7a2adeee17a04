-- Loaded by bench/player.py after bench/wrk_report.lua and a prelude that sets:
--   commit_targets = { {path = "/content/api/<token>/<launch>/commit", learner = "<user id>"}, ... }
--   commit_host = "localhost:<port>"   (the content origin: CONTENT_ORIGIN's host name)
-- Each request POSTs the next target's SCORM 1.2 snapshot as scorm-again sends it
-- (dataCommitFormat "json", includeCommitSequence), the targets taken in turn, with
-- commitSequence 1, 2, 3... per target (per attempt and launch), so every commit is new
-- and applied. The snapshot grows like a Storyline lecture's: lesson_location and
-- session_time move on, suspend_data (~2 kB) changes every time, and a question is
-- answered every 4th commit (0 to 7 interactions, cycling), which rewrites the attempt's
-- interaction rows.

local sequences = {}
local next_target = 0
local headers = { ["Host"] = commit_host, ["Content-Type"] = "application/json;charset=UTF-8" }

local SUSPEND_BASE = string.rep("2f3a5b7c9d1e0f4a6b8c", 100) -- 2,000 characters, Storyline-like

local function interaction(n)
  return string.format(
    '"%d":{"id":"Slide%d_Q%d","time":"10:%02d:00","type":"choice","weighting":"1",' ..
    '"student_response":"%s","result":"%s","latency":"00:00:%02d.5",' ..
    '"objectives":{"0":{"id":"obj-%d"}},"correct_responses":{"0":{"pattern":"a"}}}',
    n, n + 1, n + 1, n % 60, n % 2 == 0 and "a" or "b", n % 2 == 0 and "correct" or "wrong", 10 + n % 40, n + 1)
end

local interaction_sets = {}
for k = 0, 7 do
  local parts = {}
  for n = 0, k - 1 do
    parts[#parts + 1] = interaction(n)
  end
  interaction_sets[k] = "{" .. table.concat(parts, ",") .. "}"
end

local function timespan(seconds)
  return string.format("%04d:%02d:%02d", math.floor(seconds / 3600), math.floor(seconds / 60) % 60, seconds % 60)
end

local function body(learner, sequence)
  local answered = math.floor(sequence / 4) % 8
  return string.format(
    '{"cmi":{"suspend_data":"seq=%d;%s","launch_data":"","comments":"","comments_from_lms":"",' ..
    '"core":{"student_id":"%s","student_name":"Nguyễn Văn An","lesson_location":"slide-%d",' ..
    '"credit":"credit","lesson_status":"incomplete","entry":"ab-initio","lesson_mode":"normal",' ..
    '"exit":"suspend","session_time":"%s","score":{"raw":"%d","min":"0","max":"100"}},' ..
    '"objectives":{},"student_data":{"mastery_score":"80","max_time_allowed":"","time_limit_action":""},' ..
    '"student_preference":{"audio":"","language":"","speed":"","text":""},' ..
    '"interactions":%s},"commitSequence":%d}',
    sequence, SUSPEND_BASE, learner, sequence % 40 + 1, timespan(sequence * 15), answered * 12,
    interaction_sets[answered], sequence)
end

function request()
  next_target = next_target % #commit_targets + 1
  local target = commit_targets[next_target]
  local sequence = (sequences[next_target] or 0) + 1
  sequences[next_target] = sequence
  return wrk.format("POST", target.path, headers, body(target.learner, sequence))
end
