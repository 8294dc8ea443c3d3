"""moto's server, with the few gaps filled that the MealPrep stack runs into.

Each shim is small, keeps state the way moto does (per process), and exists because the
AWS provider calls an API that moto 5.2 lacks for a resource the stack needs. Anything
larger is switched off in envs/emulator.tfvars instead.
"""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse
from moto.ec2.models.managed_prefixes import ManagedPrefixList
from moto.server import main

# Application Auto Scaling: RegisterScalableTarget takes Tags, and the provider reads
# them back with ListTagsForResource, which moto does not implement.
_SCALING_TAGS: dict[str, dict[str, str]] = {}
_register: Callable[[Any], str] = ApplicationAutoScalingResponse.register_scalable_target


def _register_scalable_target(self: Any) -> str:
    response = _register(self)
    tags = self._get_param("Tags")
    if tags:
        _SCALING_TAGS.setdefault(json.loads(response)["ScalableTargetARN"], {}).update(tags)
    return response


def _list_tags_for_resource(self: Any) -> str:
    return json.dumps({"Tags": _SCALING_TAGS.get(self._get_param("ResourceARN"), {})})


def _tag_resource(self: Any) -> str:
    _SCALING_TAGS.setdefault(self._get_param("ResourceARN"), {}).update(self._get_param("Tags") or {})
    return "{}"


def _untag_resource(self: Any) -> str:
    tags = _SCALING_TAGS.get(self._get_param("ResourceARN"), {})
    for key in self._get_param("TagKeys") or []:
        tags.pop(key, None)
    return "{}"


# EC2: AWS-managed prefix lists (CloudFront's origin-facing one) get a random id per
# server, so two plans of one config differ; AWS keeps them fixed per region, and so do we.
_prefix_list_init: Callable[..., None] = ManagedPrefixList.__init__


def _stable_prefix_list_init(self: Any, backend: Any, region: str, **kwargs: Any) -> None:
    _prefix_list_init(self, backend, region, **kwargs)
    name = str(kwargs.get("prefix_list_name") or "")
    if name.startswith("com.amazonaws."):
        self.id = "pl-" + hashlib.sha256(f"{region}/{name}".encode()).hexdigest()[:17]


def install() -> None:
    prefix_list: Any = ManagedPrefixList
    prefix_list.__init__ = _stable_prefix_list_init
    response: Any = ApplicationAutoScalingResponse
    response.register_scalable_target = _register_scalable_target
    response.list_tags_for_resource = _list_tags_for_resource
    response.tag_resource = _tag_resource
    response.untag_resource = _untag_resource


if __name__ == "__main__":
    install()
    main()
