// The .flyte language (spec Appendix A). The parser rules are what flytec's
// parser runs; the lexer rules are the reference for the hand-written lexer in
// frontend/src/lexer.cpp (test/unit/frontend/lexer_equivalence_test.cpp runs
// both over the test corpus and compares their tokens).
//
// Forms that are parsed only to be rejected with a precise diagnostic:
// operators (E0306), tuples (E0302/E0403), positional arguments (E0303).
grammar Flyte;

// A file is parsed one top-level item at a time: the lexer splits the token
// stream before every declaration keyword, and each piece is parsed alone
// with `chunk`, so an error in one declaration never spills into the next.
chunk       : (packageDecl | importDecl | decl) EOF ;

// A long workflow is parsed one statement at a time (frontend/src/
// workflow_pieces.h): its head, each node and its `return`, each piece alone
// with the rule below, and its parse tree freed as soon as the piece's AST is
// built. The pieces spell out workflowDecl's parts; they are used only when
// every piece parses, else the whole item is parsed with `chunk`, so
// diagnostics always come from `chunk`.
workflowHead : WORKFLOW ID LPAREN params? RPAREN (ARROW ret)? LBRACE EOF ;
nodePiece    : node EOF ;
returnPiece  : returnStmt EOF ;

packageDecl : PACKAGE qualname ;
importDecl  : IMPORT STRING (AS ID)? ;
decl        : enumDecl | structDecl | taskDecl | workflowDecl | launchPlanDecl ;
enumDecl    : ENUM ID LBRACE ID (COMMA ID)* COMMA? RBRACE ;
structDecl  : STRUCT ID LBRACE (param (COMMA param)* COMMA?)? RBRACE ;
taskDecl    : TASK ID LPAREN params? RPAREN (ARROW ret)? block ;
workflowDecl: WORKFLOW ID LPAREN params? RPAREN (ARROW ret)? LBRACE node* returnStmt? RBRACE ;
returnStmt  : RETURN expr ;
launchPlanDecl : LAUNCHPLAN ID ASSIGN qualname LPAREN args? RPAREN block? ;

params      : param (COMMA param)* COMMA? ;
param       : ID COLON type (ASSIGN expr)? ;
ret         : type | LPAREN params RPAREN ;
type        : (qualname | NONE) (LBRACK type (COMMA type)* RBRACK)? QUESTION? ;
block       : LBRACE field* RBRACE ;
field       : ID ASSIGN expr | ID block ;
node        : ID ASSIGN expr (AFTER ID (COMMA ID)*)? (WITH block)? ;

// expr, postfixOp and primary have no `# labels`: a labelled alternative
// makes ANTLR allocate the rule's context, then a second one of the label's
// class to copy it into and re-parent, for every expression, name and call.
// Unlabelled, checking a 1,000-node workflow takes 7% fewer instructions. The
// AST builder tells the alternatives apart by their first child (the
// comments name them).
expr        : postfix                                           // postfixExpr
            | op=(MINUS | PLUS | BANG) expr                     // unaryExpr
            | expr op=(STAR | SLASH | PERCENT) expr             // binaryExpr
            | expr op=(PLUS | MINUS) expr                       // binaryExpr
            | expr op=(EQEQ | NOTEQ | LT | GT | LE | GE) expr   // binaryExpr
            | expr op=(ANDAND | OROR) expr                      // binaryExpr
            ;
postfix     : primary postfixOp* ;
postfixOp   : LPAREN callArgs? RPAREN                           // callOp
            | DOT ID                                            // memberOp
            | LBRACK expr RBRACK                                // indexOp
            ;
callArgs    : argOrExpr (COMMA argOrExpr)* COMMA? ;
argOrExpr   : arg | expr ;
primary     : MAP LPAREN expr (COMMA arg)* COMMA? RPAREN          // mapPrimary
            | PARTIAL LPAREN expr (COMMA arg)* COMMA? RPAREN      // partialPrimary
            | LBRACK (expr (COMMA expr)* COMMA?)? RBRACK          // listPrimary
            | LBRACE (entry (COMMA entry)* COMMA?)? RBRACE        // dictPrimary
            | LPAREN (argOrExpr (COMMA argOrExpr)* COMMA?)? RPAREN // parenPrimary
            | ID                                                // namePrimary
            | INT                                               // intPrimary
            | FLOAT                                             // floatPrimary
            | (STRING | RAWSTRING)                              // stringPrimary
            | DURATION                                          // durationPrimary
            | (TRUE | FALSE)                                    // boolPrimary
            | NONE                                              // nonePrimary
            ;
args        : arg (COMMA arg)* COMMA? ;
arg         : ID ASSIGN expr ;
entry       : (ID ASSIGN | STRING COLON) expr ;
qualname    : ID (DOT ID)* ;

// ---- Lexer (reference; flytec runs the hand-written lexer) ----
PACKAGE    : 'package' ;
IMPORT     : 'import' ;
AS         : 'as' ;
ENUM       : 'enum' ;
STRUCT     : 'struct' ;
TASK       : 'task' ;
WORKFLOW   : 'workflow' ;
LAUNCHPLAN : 'launchplan' ;
MAP        : 'map' ;
PARTIAL    : 'partial' ;
RETURN     : 'return' ;
AFTER      : 'after' ;
WITH       : 'with' ;
TRUE       : 'true' ;
FALSE      : 'false' ;
NONE       : 'none' ;

ARROW  : '->' ;
LPAREN : '(' ;  RPAREN : ')' ;
LBRACK : '[' ;  RBRACK : ']' ;
LBRACE : '{' ;  RBRACE : '}' ;
COMMA  : ',' ;  COLON  : ':' ;  DOT : '.' ;  QUESTION : '?' ;
EQEQ   : '==' ; NOTEQ  : '!=' ; LE : '<=' ;  GE : '>=' ;
ANDAND : '&&' ; OROR   : '||' ;
ASSIGN : '=' ;  LT : '<' ;  GT : '>' ;
PLUS   : '+' ;  MINUS  : '-' ;  STAR : '*' ;  SLASH : '/' ;  PERCENT : '%' ;  BANG : '!' ;

DURATION  : (DIGITS DUR_UNIT)+ ;
FLOAT     : DIGITS '.' DIGITS EXPONENT? | DIGITS EXPONENT ;
INT       : DIGITS ;
RAWSTRING : '"""' .*? '"""' ;
STRING    : '"' ( ESC | ~["\\\r\n] )* '"' ;
ID        : [A-Za-z_] [A-Za-z0-9_]* ;

DOC_COMMENT : '##' ~[\r\n]* -> channel(2) ;
COMMENT     : '#' ~[\r\n]* -> channel(HIDDEN) ;
WS          : [ \t\r\n\u000C]+ -> skip ;

fragment DIGITS   : [0-9] ('_'? [0-9])* ;
fragment EXPONENT : [eE] [+-]? [0-9]+ ;
fragment DUR_UNIT : 'ms' | 'us' | 'ns' | 'd' | 'h' | 'm' | 's' ;
fragment ESC      : '\\' ( [nt"\\] | 'u{' [0-9A-Fa-f]+ '}' ) ;
