# Run by idl/CMakeLists.txt after protoc (cmake -P, FILES=a.pb.cc;b.pb.cc):
# removes each generated file's static AddDescriptorsRunner, so that flytec
# does not register all 26 flyteidl file descriptors with protobuf's
# generated pool at every start (protobuf 3.21 parses every
# FileDescriptorProto to index its symbols before main, a large share of a
# small `flytec run`). A file is then registered the first
# time reflection needs one of its messages (GetDescriptor(), JSON,
# DebugString: AssignDescriptors calls AddDescriptors, dependencies first).
# What this rules out: looking up a flyteidl type by name in the generated
# pool before any of its messages used reflection (flytec does not).
foreach(f IN LISTS FILES)
  file(READ ${f} text)
  string(REGEX REPLACE
         "\nPROTOBUF_ATTRIBUTE_INIT_PRIORITY2 static ::_pbi::AddDescriptorsRunner dynamic_init_dummy_[^\n]*"
         "\n// (descriptor registered lazily)" stripped "${text}")
  if(stripped STREQUAL text)
    message(FATAL_ERROR "lazy_descriptors.cmake: no AddDescriptorsRunner in ${f} (protoc changed its output?)")
  endif()
  file(WRITE ${f} "${stripped}")
endforeach()
