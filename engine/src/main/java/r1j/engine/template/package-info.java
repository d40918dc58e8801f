/**
 * The model's own Jinja chat template: a small Jinja2 interpreter with the filters and Python methods templates use.
 */
package r1j.engine.template;
