# Runs one README example (the file README_EXAMPLE) as a reader's terminal would after the
# examples before it: with the variables, functions and working directory they left (read from
# README_STATE), and under `set -euo pipefail`, so the first command that fails ends it. What it
# leaves is saved in README_STATE for the next example, even when it fails, as a terminal keeps
# it. Run as `bash --noprofile --norc session.bash`.

# A fresh shell's variables, so that only those the examples set are saved.
declare -A __readme_fresh=()
for __readme_name in $(compgen -v); do __readme_fresh[$__readme_name]=${!__readme_name-}; done

# shellcheck source=/dev/null
[[ -f $README_STATE ]] && source "$README_STATE"

# (No `local` here: the EXIT trap may run while a function is failing.)
__readme_save() {
  set +eu
  {
    for __readme_name in $(compgen -A function); do
      [[ $__readme_name == __readme* ]] || declare -f "$__readme_name"
    done
    for __readme_name in $(compgen -v); do
      case $__readme_name in # bash's own, which change by themselves
        __readme* | BASH* | FUNCNAME | PIPESTATUS | LINENO | SECONDS | RANDOM | SRANDOM | EPOCH* | \
          _ | HISTCMD | SHELLOPTS | DIRSTACK | OPTIND | OPTARG | PWD | OLDPWD) continue ;;
      esac
      [[ ${__readme_fresh[$__readme_name]+set} &&
        ${__readme_fresh[$__readme_name]} == "${!__readme_name-}" ]] && continue
      declare -p "$__readme_name"
    done
    printf 'cd %q\n' "$PWD"
  } > "$README_STATE"
}

# Names the README line of the command that failed, in the example or in a function it called:
# the ERR trap notes where it was (no function call there: bash mishandles one made while a
# function fails), the EXIT trap says it.
__readme_report() {
  [[ ${__readme_status-} ]] || return 0
  __readme_line=$__readme_lineno
  for ((__readme_frame = 0; __readme_frame < ${#__readme_sources[@]}; __readme_frame++)); do
    [[ ${__readme_sources[__readme_frame]} == "$README_EXAMPLE" ]] && break
    __readme_line=${__readme_lines[__readme_frame]}
  done
  printf 'README.md line %d: `%s` failed (status %d)\n' \
    $((README_LINE + __readme_line)) "$__readme_command" "$__readme_status" >&2
}

trap '__readme_report; __readme_save' EXIT
set -eEuo pipefail
shopt -s inherit_errexit
trap '__readme_status=$? __readme_command=$BASH_COMMAND __readme_lineno=$LINENO
  __readme_sources=("${BASH_SOURCE[@]}") __readme_lines=("${BASH_LINENO[@]}")' ERR
# shellcheck source=/dev/null
source "$README_EXAMPLE"
