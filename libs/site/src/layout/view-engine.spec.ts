import nunjucks from 'nunjucks';
import { configureNunjucks } from './view-engine';

describe('the view engine', () => {
  const env = new nunjucks.Environment(null, { autoescape: true });
  configureNunjucks(env);
  const render = (template: string, context: object = {}) => env.renderString(template, context);

  it('trims white space as nunjucks does, keeping markup safe and escaping text', () => {
    expect(render('[{{ text | trim }}]', { text: ' \n\t <b>a</b>  \n' })).toBe(
      '[&lt;b&gt;a&lt;/b&gt;]',
    );
    expect(render('[{{ text | safe | trim }}]', { text: '  <b>a</b>\n  ' })).toBe('[<b>a</b>]');
    expect(render('[{{ text | trim }}]', { text: ' a  b ' })).toBe('[a  b]');
    expect(render('[{{ 42 | trim }}]')).toBe('[42]');
  });

  it('trims in time that grows with the text, not with the square of its runs of white space', () => {
    // Nunjucks' own filter took seconds on this; GOV.UK's macros trim every component's HTML.
    const text = `a${' '.repeat(50_000)}b`;
    const started = performance.now();
    expect(render('{{ text | trim }}', { text: ` ${text} ` })).toBe(text);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
