// The size of every AST struct (ast.h) on the only platform built (x86-64,
// libstdc++), pinned for the two walks that must visit every field: the
// deep copy (ast_clone.cpp) and the shift in place (ast_shift.cpp). A failure
// here means ast.h changed: copy and shift the new field in both, then update
// the size.
#pragma once

#include "frontend/ast.h"

namespace flytec::ast {

static_assert(sizeof(Ident) == 48);
static_assert(sizeof(Expr) == 32);
static_assert(sizeof(Arg) == 80);
static_assert(sizeof(TypeRef) == 112);
static_assert(sizeof(Field) == 80);
static_assert(sizeof(Block) == 40);
static_assert(sizeof(Param) == 192);
static_assert(sizeof(Outputs) == 48);
static_assert(sizeof(Decl) == 104);
static_assert(sizeof(TaskDecl) == 240);
static_assert(sizeof(Node) == 104);
static_assert(sizeof(WorkflowDecl) == 248);
static_assert(sizeof(LaunchPlanDecl) == 176);
static_assert(sizeof(StringExpr) == 88);
static_assert(sizeof(CallExpr) == 96);
static_assert(sizeof(MapExpr) == 80);
static_assert(sizeof(BinaryExpr) == 96);
static_assert(sizeof(DictEntry) == 80);
static_assert(sizeof(EnumDecl) == 128);
static_assert(sizeof(StructDecl) == 128);
static_assert(sizeof(FloatExpr) == 72);
static_assert(sizeof(DurationExpr) == 72);
static_assert(sizeof(MemberExpr) == 88);
static_assert(sizeof(IndexExpr) == 48);
static_assert(sizeof(PartialExpr) == 80);
static_assert(sizeof(UnaryExpr) == 88);
static_assert(sizeof(TupleExpr) == 56);
static_assert(sizeof(ListExpr) == 56);
static_assert(sizeof(DictExpr) == 56);
static_assert(sizeof(NameExpr) == 64);
static_assert(sizeof(IntExpr) == 40);
static_assert(sizeof(BoolExpr) == 40);

}  // namespace flytec::ast
