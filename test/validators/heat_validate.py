#!/usr/bin/python3
"""Validate HOT templates offline with OpenStack Heat's own engine (Debian package python3-heat).

Run with Debian's interpreter, /usr/bin/python3 (python3-heat is installed for it only):

    /usr/bin/python3 heat_validate.py [options] TEMPLATE...
    /usr/bin/python3 heat_validate.py --stdin < request.json

Options:
    --env FILE              environment file (parameters, parameter_defaults, resource_registry)
    --params JSON           parameter values, e.g. '{"image": "rhcos"}'
    --no-placeholder-params do not invent values for parameters that have no default and were
                            not given (Heat then reports "The Parameter (x) was not provided.")
    --no-plugin-checks      only the template-level checks (Stack.validate with
                            validate_res_tmpl_only=True); skip the per-resource-plugin checks

--stdin reads one JSON request:
    {"templates": [{"name": "main.yaml", "content": "..."}, {"path": "/abs/other.yaml"}],
     "files": {"child.yaml": "..."},           # nested templates, by the name used in `type:`
     "environment": "...", "parameters": {...},
     "placeholderParams": true, "pluginChecks": true}
Every template given by content is also available to the others as a nested template, under
its name; nested templates of a template given by path are read from disk beside it.

Output: one JSON line per template, in order:
    {"file": ..., "valid": bool, "error": str|null, "notes": [str]}

What is checked (all by Heat's code): YAML, heat_template_version, top-level sections,
parameters (types, constraints, parameter_groups), conditions, intrinsic functions and their
references (get_resource/get_param/get_attr names, attribute names), resource types, property
names, required properties, property types and allowed values/ranges/lengths/patterns, the
common custom constraints that need no cloud (net_cidr, ip_addr, mac_addr, dns_name,
iso_8601, timezone, cron_expression, ...), deletion/update policies, outputs. Nested templates
(`type: child.yaml`, also ResourceGroup resource_def and resource_registry entries) are
validated against the parent's properties (interface) and on their own (strict, with
placeholder parameter values). Then each resource plugin's own validate() runs (conflicting
properties, Octavia pool needs listener or loadbalancer, router ha+distributed, subnet gateway
in allocation pools, ...), unless it needs the cloud; such skips are listed in `notes`.

What is stubbed (needs a cloud): keystone service catalogue (every service is "available"),
client-based custom constraints (nova.flavor, glance.image, neutron.network, nova.keypair,
cinder.volume, octavia.*, ...) always pass, nova/cinder microversion checks say "supported",
OS::Nova::Server image/flavor compatibility is not checked, and any other API client call
aborts that resource's plugin checks (noted) instead of failing. No network access is made.
"""

import argparse
import json
import logging
import os
import sys
import time
import warnings

warnings.filterwarnings('ignore')
logging.disable(logging.CRITICAL)

_T0 = time.time()

try:
    from oslo_config import cfg
    from heat.common import environment_format
    from heat.common import exception
    from heat.common import template_format
    from heat.common import urlfetch
    from heat.common import context as heat_context
    from heat.engine import constraints
    from heat.engine import environment
    from heat.engine import resource as heat_resource
    from heat.engine import resources
    from heat.engine import stack as heat_stack
    from heat.engine import template as heat_template
    from heat.engine.clients import client_plugin
    from heat.engine.resources import stack_resource
    from heat.engine.resources import template_resource
except ImportError as e:  # pragma: no cover - reported to the TS wrapper
    sys.stderr.write('HEAT_NOT_INSTALLED: %s\n' % e)
    sys.exit(3)


class OfflineClientCall(Exception):
    """Raised by stubbed API clients: this check needs a real cloud."""


OFFLINE_MARK = 'OFFLINE_CLIENT_CALL'


def _offline(what):
    def raiser(*args, **kwargs):
        raise OfflineClientCall('%s: %s needs a cloud' % (OFFLINE_MARK, what))
    return raiser


def install_stubs():
    # Every service is in the (non-existent) keystone catalogue.
    heat_resource.Resource.is_service_available = classmethod(
        lambda cls, context: (True, None))
    # Client-based custom constraints (nova.flavor, glance.image, neutron.network, ...) pass.
    # The common constraints (net_cidr, ip_addr, dns_name, ...) override validate() and still run.
    constraints.BaseCustomConstraint.validate = (
        lambda self, value, context, template=None: True)
    # Any real API client use is refused, so nothing tries to reach a network.
    client_plugin.ClientPlugin.client = _offline('API client')
    client_plugin.ClientPlugin.url_for = _offline('service catalogue')
    client_plugin.ClientPlugin.does_endpoint_exist = (
        lambda self, service_type, service_name: True)
    urlfetch.get = _offline('URL fetch')
    # Microversion checks: assume a recent cloud.
    from heat.engine.clients import microversion_mixin
    microversion_mixin.MicroversionMixin.is_version_supported = (
        lambda self, version: True)
    # Nova's client goes through this mixin (e.g. for server metadata): refuse it like the others.
    microversion_mixin.MicroversionMixin.client = _offline('API client')
    try:
        from heat.engine.clients.os import nova
        nova.NovaClientPlugin.is_version_supported = lambda self, version: True
    except ImportError:
        pass
    # Server: image/flavor compatibility (min_ram, min_disk) needs glance and nova.
    try:
        from heat.engine.resources.openstack.nova import server
        server.Server._validate_image_flavor = lambda self, image, flavor: None
    except ImportError:
        pass


def is_offline(ex):
    seen = set()
    stack = [ex]
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, OfflineClientCall) or OFFLINE_MARK in str(e):
            return True
        stack.extend([getattr(e, '__cause__', None), getattr(e, '__context__', None),
                      getattr(e, 'error', None) if isinstance(getattr(e, 'error', None),
                                                              BaseException) else None])
    return False


def make_context():
    return heat_context.RequestContext.from_dict({
        'tenant_id': 'offline-project', 'tenant': 'offline', 'username': 'offline',
        'user_id': 'offline', 'password': '', 'roles': ['member'], 'is_admin': False,
        'auth_url': 'http://offline.invalid/v3', 'auth_token': 'offline',
        'region_name': 'RegionOne',
    })


TEMPLATE_SUFFIXES = ('.yaml', '.yml', '.template', '.json')


def nested_refs(tpl, env_dict):
    """Names of nested template files referenced by a parsed template (and environment)."""
    refs = []
    res = tpl.get('resources') or tpl.get('Resources') or {}
    if isinstance(res, dict):
        for r in res.values():
            if not isinstance(r, dict):
                continue
            t = r.get('type') or r.get('Type')
            if isinstance(t, str) and t.endswith(TEMPLATE_SUFFIXES):
                refs.append(t)
            props = r.get('properties') or {}
            rdef = props.get('resource_def') if isinstance(props, dict) else None
            if isinstance(rdef, dict):
                t2 = rdef.get('type')
                if isinstance(t2, str) and t2.endswith(TEMPLATE_SUFFIXES):
                    refs.append(t2)
    reg = (env_dict or {}).get('resource_registry') or {}

    def walk(d):
        for v in d.values():
            if isinstance(v, str) and v.endswith(TEMPLATE_SUFFIXES):
                refs.append(v)
            elif isinstance(v, dict):
                walk(v)
    if isinstance(reg, dict):
        walk(reg)
    return list(dict.fromkeys(refs))


def placeholder(schema):
    """A value for a parameter without default that satisfies its simple constraints."""
    ptype = schema.get('type', 'string')
    allowed = None
    length_min = 0
    range_min = None
    for c in schema.get('constraints') or []:
        if not isinstance(c, dict):
            continue
        if 'allowed_values' in c and c['allowed_values']:
            allowed = c['allowed_values'][0]
        if 'length' in c and isinstance(c['length'], dict):
            length_min = int(c['length'].get('min', 0) or 0)
        if 'range' in c and isinstance(c['range'], dict):
            range_min = c['range'].get('min')
    if allowed is not None:
        return allowed
    if ptype == 'number':
        return range_min if range_min is not None else 1
    if ptype == 'boolean':
        return False
    if ptype == 'json':
        return {}
    if ptype == 'comma_delimited_list':
        return 'placeholder'
    return 'placeholder'.ljust(max(length_min, 11), 'x')


class Validator(object):
    def __init__(self, files, env_dict, params, placeholders=True, plugin_checks=True,
                 base_dir=None):
        self.files = dict(files)
        self.env_dict = env_dict or {}
        self.params = params or {}
        self.placeholders = placeholders
        self.plugin_checks = plugin_checks
        self.base_dir = base_dir
        self.ctx = make_context()

    def load_file(self, name, base_dir):
        if name in self.files:
            return self.files[name]
        if base_dir is not None and '://' not in name:
            path = os.path.join(base_dir, name)
            if os.path.isfile(path):
                with open(path) as fh:
                    self.files[name] = fh.read()
                return self.files[name]
        return None

    def validate_text(self, text, notes, base_dir=None, params=None, depth=0, label=''):
        tpl = template_format.parse(text)
        env_dict = dict(self.env_dict)
        env_params = dict(env_dict.get('parameters') or {})
        env_params.update(params if params is not None else self.params)
        decl = tpl.get('parameters') or tpl.get('Parameters') or {}
        if self.placeholders and isinstance(decl, dict):
            defaults = env_dict.get('parameter_defaults') or {}
            invented = []
            for pname, pschema in decl.items():
                if not isinstance(pschema, dict):
                    continue
                if 'default' in pschema or pname in env_params or pname in defaults:
                    continue
                env_params[pname] = placeholder(pschema)
                invented.append(pname)
            if invented:
                notes.append('%splaceholder values for parameters without default: %s'
                             % (label, ', '.join(sorted(invented))))
        env_dict['parameters'] = env_params

        # Make nested templates available in the files map.
        for ref in nested_refs(tpl, env_dict):
            if self.load_file(ref, base_dir) is None:
                raise exception.StackValidationFailed(
                    message='%snested template "%s" not found (give it in files)' % (label, ref))

        tmpl = heat_template.Template(tpl, files=self.files,
                                      env=environment.Environment(env_dict))
        st = heat_stack.Stack(self.ctx, 'offline-validate', tmpl, strict_validate=True)
        st.validate(validate_res_tmpl_only=True)

        for name, res in st.resources.items():
            if isinstance(res, template_resource.TemplateResource):
                ref = res.template_url
                child = self.load_file(ref, base_dir)
                if child is None:
                    continue
                if depth > 5:
                    raise exception.StackValidationFailed(
                        message='nested templates deeper than 5 levels')
                child_dir = base_dir
                if base_dir is not None and '://' not in ref:
                    child_dir = os.path.dirname(os.path.join(base_dir, ref))
                try:
                    # The interface (parent properties vs child parameters) was checked above;
                    # check the child's own content strictly, with placeholder parameters.
                    saved = self.env_dict
                    self.env_dict = {}
                    try:
                        self.validate_text(child, notes, child_dir, params={}, depth=depth + 1,
                                           label='%s%s<%s>: ' % (label, name, ref))
                    finally:
                        self.env_dict = saved
                except Exception as ex:
                    if isinstance(ex, exception.StackValidationFailed) and \
                            str(ex).startswith(label + name + '<'):
                        raise
                    raise exception.StackValidationFailed(
                        message='resources.%s<%s>: %s' % (name, ref, ex))
            elif self.plugin_checks and not isinstance(res, stack_resource.StackResource):
                try:
                    result = res.validate()
                except Exception as ex:
                    if is_offline(ex):
                        notes.append('%sresources.%s (%s): plugin checks skipped, they need a cloud'
                                     % (label, name, res.type()))
                        continue
                    if isinstance(ex, exception.StackValidationFailed) and \
                            str(ex).startswith('Property error') or 'resources.' in str(ex):
                        raise
                    raise exception.StackValidationFailed(
                        message='resources.%s: %s' % (name, ex))
                if result:
                    raise exception.StackValidationFailed(
                        message='resources.%s: %s' % (name, result))

    def validate(self, name, text, base_dir=None):
        notes = []
        try:
            self.validate_text(text, notes, base_dir)
            return {'file': name, 'valid': True, 'error': None, 'notes': notes}
        except Exception as ex:  # every Heat error is a finding
            msg = str(ex) or type(ex).__name__
            return {'file': name, 'valid': False, 'error': msg, 'notes': notes}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('templates', nargs='*')
    ap.add_argument('--stdin', action='store_true')
    ap.add_argument('--env')
    ap.add_argument('--params', default='{}')
    ap.add_argument('--no-placeholder-params', action='store_true')
    ap.add_argument('--no-plugin-checks', action='store_true')
    ap.add_argument('--timing', action='store_true', help='print timings to stderr')
    args = ap.parse_args(argv)

    cfg.CONF([], project='heat', default_config_files=[], default_config_dirs=[])
    resources.initialise()
    install_stubs()
    t_ready = time.time()

    jobs = []  # (name, text, base_dir)
    files = {}
    env_dict = {}
    params = json.loads(args.params)
    placeholders = not args.no_placeholder_params
    plugin_checks = not args.no_plugin_checks
    if args.stdin:
        req = json.load(sys.stdin)
        for t in req.get('templates', []):
            if t.get('path'):
                try:
                    with open(t['path']) as fh:
                        text = fh.read()
                except OSError as ex:
                    jobs.append((t.get('name') or t['path'], None, str(ex)))
                    continue
                jobs.append((t.get('name') or t['path'], text,
                             os.path.dirname(os.path.abspath(t['path']))))
            else:
                jobs.append((t['name'], t['content'], None))
                files[t['name']] = t['content']
        files.update(req.get('files') or {})
        if req.get('environment'):
            env_dict = environment_format.parse(req['environment'])
        params.update(req.get('parameters') or {})
        placeholders = req.get('placeholderParams', placeholders)
        plugin_checks = req.get('pluginChecks', plugin_checks)
    for path in args.templates:
        try:
            with open(path) as fh:
                jobs.append((path, fh.read(), os.path.dirname(os.path.abspath(path))))
        except OSError as ex:
            jobs.append((path, None, str(ex)))
    if args.env:
        with open(args.env) as fh:
            env_dict = environment_format.parse(fh.read())

    out = sys.stdout
    for name, text, base_dir in jobs:
        t = time.time()
        if text is None:
            result = {'file': name, 'valid': False, 'error': base_dir, 'notes': []}
        else:
            v = Validator(files, env_dict, params, placeholders, plugin_checks, base_dir)
            result = v.validate(name, text, base_dir)
        out.write(json.dumps(result) + '\n')
        out.flush()
        if args.timing:
            sys.stderr.write('timing %s %.4f\n' % (name, time.time() - t))
    if args.timing:
        sys.stderr.write('timing startup %.3f total %.3f\n' % (t_ready - _T0, time.time() - _T0))
    return 0


if __name__ == '__main__':
    rc = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip interpreter teardown (about a second with Heat's modules loaded).
    os._exit(rc)
