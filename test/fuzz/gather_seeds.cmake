# cmake -DSRC=<source root> -DOUT=<dir> -P gather_seeds.cmake
# Copies every examples/**/*.flyte and test/**/*.flyte into OUT under a
# flattened name (directories joined with `_`), replacing OUT's old contents,
# so that libFuzzer reads exactly the `.flyte` files and nothing else.
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
file(GLOB_RECURSE files RELATIVE ${SRC} ${SRC}/examples/*.flyte ${SRC}/test/*.flyte)
foreach(f ${files})
  string(REPLACE "/" "_" flat ${f})
  configure_file(${SRC}/${f} ${OUT}/${flat} COPYONLY)
endforeach()
file(WRITE ${OUT}/.stamp "")
