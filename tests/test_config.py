import pytest

from kiosk import config
from kiosk.errors import ConfigError


def test_defaults_are_a_demo_lane_on_simulators():
    cfg = config.load(None)
    assert cfg.is_simulated
    assert cfg.timeouts.chip.timeout_s > 0


def test_errors_name_the_bad_key(tmp_path):
    f = tmp_path / "kiosk.toml"
    f.write_text('[lane]\ndirection = "sideways"\n[timeouts.face]\ntimeout_s = -1\n[devicez]\nx = 1\n')
    with pytest.raises(ConfigError) as info:
        config.load(f)
    text = str(info.value)
    assert "lane.direction" in text and "timeouts.face.timeout_s" in text and "devicez: unknown key" in text


def test_driver_options_pass_through():
    cfg = config.from_dict({"devices": {"camera": {"driver": "opencv", "index": 2, "width": 1280}}})
    assert cfg.devices.camera.driver == "opencv"
    assert cfg.devices.camera.options() == {"index": 2, "width": 1280}
    assert not cfg.is_simulated


def test_bad_toml_and_missing_file(tmp_path):
    f = tmp_path / "k.toml"
    f.write_text("[lane\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        config.load(f)
    with pytest.raises(ConfigError, match="not found"):
        config.load(tmp_path / "nope.toml")
