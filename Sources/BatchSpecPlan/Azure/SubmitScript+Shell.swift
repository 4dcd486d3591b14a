// The shell functions of `submit.sh`, defined once at its top and called by its steps. Every
// payload goes to the Batch service's REST API exactly as `compile` wrote it (only `{{VARIABLE}}`
// placeholders filled, in a private copy), with `api-version` `AzureTarget.dataPlaneAPIVersion`:
// no SDK or CLI model stands between the file and the service to drop what it does not know.
// Requests are signed with the account's shared key (Batch's Shared Key scheme, HMAC-SHA256 done
// with `openssl dgst` over the key's inner and outer blocks, so the key is never an argument) or
// carry an Entra ID token from `az account get-access-token`. Headers reach curl on its standard
// input (`--config -`), bodies as files (`--data-binary @FILE`): no secret in a process list.

extension SubmitScript {
  /// The shell functions the steps call.
  static let functions = #"""

    # The Batch service REST API version every request names; the payloads are written for it.
    BATCH_API_VERSION=\#(AzureTarget.dataPlaneAPIVersion)
    # The Batch account requests go to (set by deploy_account or use_environment_account), and the
    # step under way, which errors name.
    batch_account="" batch_endpoint="" batch_token="" batch_ipad="" batch_opad="" step="" status=""

    # json_escape VALUE: VALUE as the inside of a JSON string, its { written \u007b: a filled value
    # holds no {{ that a later placeholder could be taken for.
    json_escape() {
      local value="$1"
      value="${value//\\/\\\\}"
      value="${value//\{/\\u007b}"
      value="${value//\"/\\\"}"
      value="${value//$'\n'/\\n}"
      value="${value//$'\r'/\\r}"
      value="${value//$'\t'/\\t}"
      printf '%s' "$value"
    }

    # resolve FILE: the path of a private copy of FILE with every {{NAME}} placeholder replaced by
    # the JSON-escaped value of $NAME. compile writes {{ in a payload only for a placeholder (the
    # user's own {{ is written \u007b{), so a task's text is sent exactly as written.
    resolve() {
      local text copy name value
      text="$(<"$1")"
      for name in "${placeholders[@]}"; do
        [[ "$text" == *"{{$name}}"* ]] || continue
        value="${!name}"
        if [[ " ${sas_tokens[*]} " == *" $name "* ]]; then value="${value#\?}"; fi
        text="${text//"{{$name}}"/"$(json_escape "$value")"}"
      done
      copy="$work/${1//\//_}"
      printf '%s\n' "$text" >"$copy"
      printf '%s\n' "$copy"
    }

    # deploy_account NAME KEY_VARIABLE ENDPOINT: deploys accounts/NAME.json (unless SKIP_ACCOUNTS=1),
    # then sends what follows to the account at ENDPOINT.
    deploy_account() {
      local name="$1" key="$2"
      if [[ "${SKIP_ACCOUNTS:-}" != 1 ]]; then
        az deployment group create --resource-group "$AZURE_RESOURCE_GROUP" --name "batchspec-$name" \
          --template-file "accounts/$name.json" --output none
        echo "account $name deployed"
      fi
      use_account "$name" "$3" "${!key:-}"
    }

    # use_environment_account: sends what follows to the account AZURE_BATCH_ACCOUNT at
    # AZURE_BATCH_ENDPOINT, with the key AZURE_BATCH_ACCESS_KEY if it is set.
    use_environment_account() {
      : "${AZURE_BATCH_ACCOUNT:?set AZURE_BATCH_ACCOUNT and AZURE_BATCH_ENDPOINT (and AZURE_BATCH_ACCESS_KEY, else an Entra ID token is used)}"
      : "${AZURE_BATCH_ENDPOINT:?set AZURE_BATCH_ENDPOINT, the URL of account $AZURE_BATCH_ACCOUNT}"
      use_account "$AZURE_BATCH_ACCOUNT" "$AZURE_BATCH_ENDPOINT" "${AZURE_BATCH_ACCESS_KEY:-}"
    }

    # use_account NAME ENDPOINT KEY: requests go to account NAME at ENDPOINT, signed with KEY (Shared
    # Key) or, when KEY is empty, with an Entra ID token of the az login.
    use_account() {
      batch_account="$1" batch_endpoint="${2%/}" batch_token="" batch_ipad="" batch_opad=""
      [[ "$batch_endpoint" == *://* ]] || batch_endpoint="https://$batch_endpoint"
      if [[ -n "$3" ]]; then
        key_blocks "$3" || { echo "submit.sh: the shared key of account $1 is not base64" >&2; exit 1; }
      else
        batch_token="$(az account get-access-token --resource https://batch.core.windows.net/ \
          --query accessToken --output tsv)"
      fi
    }

    # key_blocks KEY: sets batch_ipad and batch_opad to HMAC-SHA256's inner and outer key blocks of
    # the base64 KEY, as printf escapes. The key reaches openssl on standard input only.
    key_blocks() {
      local hex byte i
      hex="$(printf '%s' "$1" | openssl base64 -d -A | od -An -v -tx1 | tr -d ' \n')"
      [[ -n "$hex" ]] || return 1
      if ((${#hex} > 128)); then
        hex="$(printf '%s' "$1" | openssl base64 -d -A | openssl dgst -sha256 -binary | od -An -v -tx1 | tr -d ' \n')"
      fi
      while ((${#hex} < 128)); do hex+='00'; done
      for ((i = 0; i < 128; i += 2)); do
        byte=$((16#${hex:i:2}))
        printf -v batch_ipad '%s\\x%02x' "$batch_ipad" $((byte ^ 0x36))
        printf -v batch_opad '%s\\x%02x' "$batch_opad" $((byte ^ 0x5c))
      done
    }

    # sign STRING: the base64 HMAC-SHA256 of STRING under the account's key.
    sign() {
      { printf '%b' "$batch_opad"; { printf '%b' "$batch_ipad"; printf '%s' "$1"; } | openssl dgst -sha256 -binary; } |
        openssl dgst -sha256 -binary | openssl base64 -A
    }

    # request METHOD PATH [FILE]: sends FILE as it is to PATH of the account's REST API, again after
    # a transient failure (a timeout, 408, 429, 500, 502, 503, 504; at most 3 times, as the Batch
    # SDKs do). Sets $status to the HTTP status and leaves the answer in $work/response.
    request() {
      local method="$1" path="$2" file="${3:-}" date length="" type="" data=()
      date="$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')"
      if [[ -n "$file" ]]; then
        length="$(wc -c <"$file")"
        length="${length//[[:space:]]/}"
        type="application/json; odata=minimalmetadata"
        data=(--data-binary "@$file")
      fi
      # Shared Key's string to sign: the verb, the standard headers in their fixed order (only
      # Content-Length and Content-Type are sent), the ocp- headers, then the account, the path and
      # the query parameters.
      local signed="$method"$'\n\n\n'"$length"$'\n\n'"$type"$'\n\n\n\n\n\n\n'"ocp-date:$date"$'\n'
      signed+="/$batch_account$path"$'\n'"api-version:$BATCH_API_VERSION"
      rm -f "$work/response"
      status="$(
        {
          printf 'url = "%s%s?api-version=%s"\n' "$batch_endpoint" "$path" "$BATCH_API_VERSION"
          printf 'header = "ocp-date: %s"\n' "$date"
          if [[ -n "$type" ]]; then printf 'header = "Content-Type: %s"\n' "$type"; fi
          if [[ -n "$batch_token" ]]; then
            printf 'header = "Authorization: Bearer %s"\n' "$batch_token"
          else
            printf 'header = "Authorization: SharedKey %s:%s"\n' "$batch_account" "$(sign "$signed")"
          fi
        } | curl --config - --silent --show-error --request "$method" --header "Expect:" --retry 3 \
          --connect-timeout 30 ${data[@]+"${data[@]}"} --output "$work/response" --write-out '%{http_code}'
      )" || { echo "submit.sh: $step: no answer from $batch_endpoint" >&2; exit 1; }
    }

    # fail [DETAIL]: reports that $step failed, with the service's error code and message, and exits.
    fail() {
      local body="" code="" message=""
      local code_pattern='"code"[[:space:]]*:[[:space:]]*"([^"]*)"'
      local message_pattern='"message"[[:space:]]*:[[:space:]]*(\{[^{}]*"value"[[:space:]]*:[[:space:]]*)?"(([^"\\]|\\.)*)"'
      if [[ -f "$work/response" ]]; then body="$(<"$work/response")"; fi
      if [[ "$body" =~ $code_pattern ]]; then code="${BASH_REMATCH[1]}"; fi
      if [[ "$body" =~ $message_pattern ]]; then message="${BASH_REMATCH[2]//\\n/ }"; fi
      if [[ -z "$code$message" ]]; then message="${body:0:300}"; fi
      echo "submit.sh: $step failed: HTTP $status${code:+ $code}${message:+: $message}${1:+ ($1)}" >&2
      exit 1
    }

    # exists PATH: whether the resource at PATH exists (200) or not (404); any other answer fails.
    exists() {
      request GET "$1"
      case "$status" in
        200) return 0 ;;
        404) return 1 ;;
        *) fail ;;
      esac
    }

    # send METHOD PATH FILE: sends the payload FILE, placeholders filled; fails unless it is accepted.
    send() {
      local copy
      copy="$(resolve "$3")"
      request "$1" "$2" "$copy"
      [[ "$status" == 2?? ]] || fail "$3"
    }

    # all_added: fails unless the answer to a task collection says every task was added.
    all_added() {
      local rest entry id code message failed=""
      local status_pattern='"status"[[:space:]]*:[[:space:]]*"(clienterror|servererror)"'
      local id_pattern='"taskId"[[:space:]]*:[[:space:]]*"([^"]*)"'
      local code_pattern='"code"[[:space:]]*:[[:space:]]*"([^"]*)"'
      local message_pattern='"value"[[:space:]]*:[[:space:]]*"(([^"\\]|\\.)*)"'
      rest="$(<"$work/response")"
      while [[ "$rest" =~ $status_pattern ]]; do
        rest="${rest#*"${BASH_REMATCH[0]}"}"
        entry="${rest%%\"status\"*}" id="?" code="" message=""
        if [[ "$entry" =~ $id_pattern ]]; then id="${BASH_REMATCH[1]}"; fi
        if [[ "$entry" =~ $code_pattern ]]; then code="${BASH_REMATCH[1]}"; fi
        if [[ "$entry" =~ $message_pattern ]]; then message="${BASH_REMATCH[1]//\\n/ }"; fi
        failed+=$'\n'"  task $id: $code${message:+: $message}"
      done
      if [[ -n "$failed" ]]; then
        echo "submit.sh: $step failed: tasks not added:$failed" >&2
        exit 1
      fi
    }

    # generate_sas VARIABLE ACCOUNT: sets $VARIABLE to a SAS token of storage ACCOUNT valid for 7 days,
    # unless it is set.
    generate_sas() {
      [[ -n "${!1:-}" ]] && return
      local expiry
      expiry="$(date -u -d '+7 days' '+%Y-%m-%dT%H:%MZ' 2>/dev/null || date -u -v+7d '+%Y-%m-%dT%H:%MZ')"
      printf -v "$1" '%s' "$(az storage account generate-sas --account-name "$2" --services b \
        --resource-types co --permissions rlwac --https-only --output tsv --expiry "$expiry")"
    }

    # create_pool ID: creates pools/ID.json unless the pool exists.
    create_pool() {
      step="pool $1"
      if exists "/pools/$1"; then
        echo "pool $1 exists: kept"
        return
      fi
      send POST /pools "pools/$1.json"
      echo "pool $1 created"
    }

    # deploy_pool ID [PARAMETER...]: deploys the ARM template pools/ID.json (a pool whose nodes hold
    # managed identities, which only ARM assigns) into the account requests go to, unless the pool
    # exists. Each PARAMETER is a secure parameter of the template, filled from $PARAMETER in a
    # private parameters file (never an argument).
    deploy_pool() {
      local id="$1" name parameters
      shift
      step="pool $id"
      if exists "/pools/$id"; then
        echo "pool $id exists: kept"
        return
      fi
      if [[ -z "${AZURE_RESOURCE_GROUP:-}" ]]; then
        echo "submit.sh: $step: set AZURE_RESOURCE_GROUP to the resource group of account $batch_account" >&2
        exit 1
      fi
      parameters="{\"batchAccountName\": {\"value\": \"$(json_escape "$batch_account")\"}"
      for name in "$@"; do parameters+=", \"$name\": {\"value\": \"{{$name}}\"}"; done
      printf '%s}\n' "$parameters" >"$work/pool-$id.parameters.json"
      az deployment group create --resource-group "$AZURE_RESOURCE_GROUP" --name "batchspec-pool-${id:0:49}" \
        --template-file "pools/$id.json" --parameters "@$(resolve "$work/pool-$id.parameters.json")" --output none
      echo "pool $id deployed (ARM template: its nodes hold managed identities)"
    }
    # create_job ID then-update|- [TASK_FILE...]: creates jobs/ID.json, adds the tasks of each file,
    # then (with then-update) applies jobs/ID.after-tasks.json: a job that ends when its tasks do
    # is switched to that only once they are in. An existing job is kept, its tasks not added again.
    create_job() {
      local id="$1" update="$2" file
      shift 2
      step="job $id"
      if exists "/jobs/$id"; then
        echo "job $id exists: kept, its tasks not added again"
        return
      fi
      send POST /jobs "jobs/$id.json"
      for file in "$@"; do
        step="tasks of job $id ($file)"
        send POST "/jobs/$id/addtaskcollection" "$file"
        all_added
      done
      if [[ "$update" == then-update ]]; then
        step="update of job $id after its tasks"
        send PATCH "/jobs/$id" "jobs/$id.after-tasks.json"
      fi
      echo "job $id created"
    }

    # create_schedule ID: creates schedules/ID.json unless the job schedule exists.
    create_schedule() {
      step="job schedule $1"
      if exists "/jobschedules/$1"; then
        echo "job schedule $1 exists: kept"
        return
      fi
      send POST /jobschedules "schedules/$1.json"
      echo "job schedule $1 created"
    }

    """#
}
