import { DefaultValueConverter, type CstNode, type GrammarAST, type ValueType } from 'langium';

/** `$subnet` refers to `param subnet`: the `$` is syntax, not part of the name. */
export class TopoValueConverter extends DefaultValueConverter {
  protected override runConverter(rule: GrammarAST.AbstractRule, input: string, cstNode: CstNode): ValueType {
    if (rule.name === 'PARAM_REF') return input.slice(1);
    return super.runConverter(rule, input, cstNode);
  }
}
