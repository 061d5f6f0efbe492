# The front ends reach the engine through its API (issue 31): ui/ and app/ include core/api and
# core/common headers, and no header of the engine's inner folders (methods, train, nn, runtime,
# io, tokenizers, search). The data, store and eval headers they still include are counted: the
# count may only go down (lower kMax* below when it does). Inside the core, no file outside
# core/methods/ switches on a method's name: a comparison with a literal method name there
# (== "milp", != "zero-shot", rfind("persoma", ...)) is refused; the allow-list names the files
# still waiting for their move.
# Run: cmake -DSOURCE_DIR=<repo> -P check_layering.cmake
cmake_minimum_required(VERSION 3.25)
set(kMaxData 18)
set(kMaxStore 13)
set(kMaxEval 6)

file(GLOB_RECURSE front RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/ui/*.h ${SOURCE_DIR}/ui/*.cpp
     ${SOURCE_DIR}/app/*.h ${SOURCE_DIR}/app/*.cpp)
set(errors "")
set(nData 0)
set(nStore 0)
set(nEval 0)
foreach(f IN LISTS front)
  file(STRINGS ${SOURCE_DIR}/${f} lines REGEX "^#include \"core/")
  foreach(line IN LISTS lines)
    string(REGEX MATCH "core/([a-z_]+)/" _ "${line}")
    set(folder ${CMAKE_MATCH_1})
    if(folder STREQUAL "api" OR folder STREQUAL "common")
      continue()
    elseif(folder STREQUAL "data")
      math(EXPR nData "${nData} + 1")
    elseif(folder STREQUAL "store")
      math(EXPR nStore "${nStore} + 1")
    elseif(folder STREQUAL "eval")
      math(EXPR nEval "${nEval} + 1")
    else()
      string(APPEND errors "  ${f}: ${line} (the front ends reach core/${folder} through core/api)\n")
    endif()
  endforeach()
endforeach()
foreach(kind Data Store Eval)
  if(n${kind} GREATER kMax${kind})
    string(TOLOWER ${kind} lower)
    string(APPEND errors "  ui/ and app/ include core/${lower} ${n${kind}} times, more than the ${kMax${kind}} allowed: go through core/api\n")
  endif()
endforeach()

# Method names as literals in the core outside the methods' folders.
set(allowed
    core/methods/milp/search/milp_config.cpp  # MiLP's search (moves into core/methods/milp with step 5)
    core/methods/milp/search/milp_driver.cpp
    core/api/milp.cpp)
file(GLOB_RECURSE coreFiles RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/core/*.h ${SOURCE_DIR}/core/*.cpp)
foreach(f IN LISTS coreFiles)
  if(f MATCHES "^core/methods/" OR f IN_LIST allowed)
    continue()
  endif()
  set(names "(persoma|text|zero-shot|zeroshot|counting|milp)")
  file(STRINGS ${SOURCE_DIR}/${f} hits
       REGEX "([=!]= *\"${names}\"|\"${names}\" *[=!]=|(rfind|starts_with)\\(\"${names}\")")
  foreach(hit IN LISTS hits)
    string(STRIP "${hit}" hit)
    if(hit MATCHES "^//")
      continue()
    endif()
    string(APPEND errors "  ${f}: ${hit} (ask the method's spec, core/methods/method_spec.h)\n")
  endforeach()
endforeach()

if(errors)
  message(FATAL_ERROR "layering rules broken:\n${errors}")
endif()
message(STATUS "layering: ui/ and app/ include core/data ${nData}, core/store ${nStore}, core/eval ${nEval} times; no method literal outside core/methods")
