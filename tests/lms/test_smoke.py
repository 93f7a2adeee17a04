def test_home_page_is_vietnamese(client, db):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="vi">' in text
    assert "Kho học liệu số" in text
