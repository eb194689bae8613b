# The installed package is usable on its own: `cmake --install` the build into a fresh prefix, configure
# examples/ against it with find_package(landrenew) (no path into the source or build tree), build
# run_project, and run it on the demo. Arguments: -DBUILD_DIR= -DSOURCE_DIR= -DWORK=
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE ${WORK})
function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(step_out "${out}" PARENT_SCOPE)
endfunction()
step(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK}/prefix)
# The examples' sources copied out, so that nothing but the installed package can be found.
file(COPY ${SOURCE_DIR}/examples/ DESTINATION ${WORK}/examples)
step(${CMAKE_COMMAND} -S ${WORK}/examples -B ${WORK}/build -G Ninja -DCMAKE_BUILD_TYPE=Release
     -DCMAKE_PREFIX_PATH=${WORK}/prefix)
step(${CMAKE_COMMAND} --build ${WORK}/build --target run_project)
step(${WORK}/build/run_project ${SOURCE_DIR}/geodata/huzhou-demo/project.toml ${WORK}/out)
if(NOT step_out MATCHES "freed 6323.63 mu in 211 records")
  message(FATAL_ERROR "run_project printed: ${step_out}")
endif()
foreach(f landrenew.gpkg summary.json manifest.json tables.xlsx report.html landrenew.qgs)
  if(NOT EXISTS ${WORK}/out/${f})
    message(FATAL_ERROR "run_project wrote no ${f}")
  endif()
endforeach()
message(STATUS "installed package: examples/run_project built with find_package(landrenew) and ran: ${step_out}")
